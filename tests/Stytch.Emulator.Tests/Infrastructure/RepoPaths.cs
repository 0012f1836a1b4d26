namespace Stytch.Emulator.Tests.Infrastructure;

/// <summary>Folders of the repository, found by walking up to <c>Bff.sln</c>.</summary>
internal static class RepoPaths
{
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Bff.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new DirectoryNotFoundException($"No Bff.sln above {AppContext.BaseDirectory}.");
        }
    }

    public static string NodeSdk => Path.Combine(Root, "tests", "Stytch.Emulator.Tests", "node-sdk");
}

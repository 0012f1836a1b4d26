namespace Bff.Dev;

/// <summary>
/// <c>dotnet run --project src/Bff.Dev</c>: the offline first run (see <see cref="DevHost"/>). Not top-level statements:
/// the BFF's top-level Program is global and this project references it.
/// </summary>
public static class Program
{
    public static Task<int> Main(string[] args) => DevHost.RunAsync(args);
}

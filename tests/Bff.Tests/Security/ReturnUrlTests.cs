using Bff.Security;

namespace Bff.Tests.Security;

public sealed class ReturnUrlTests
{
    [Theory]
    [InlineData("/")]
    [InlineData("/settings")]
    [InlineData("/settings/apps?tab=consent&x=%2Fy")]
    [InlineData("/a#fragment")]
    public void ALocalPathIsLocal(string url) => Assert.True(ReturnUrl.IsLocal(url));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("settings")]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("\\\\evil.example")]
    [InlineData("/%2Fevil.example")]
    [InlineData("/%5Cevil.example")]
    [InlineData("/a\tb")]
    [InlineData("/a b")]
    [InlineData("/a%0d%0aSet-Cookie:x=y")]
    [InlineData("javascript:alert(1)")]
    [InlineData(" /settings")]
    public void AnythingElseIsNot(string? url) => Assert.False(ReturnUrl.IsLocal(url));

    [Fact]
    public void AnOverlongReturnUrlIsNotLocal() => Assert.False(ReturnUrl.IsLocal("/" + new string('a', ReturnUrl.MaxLength)));

    [Fact]
    public void LocalOrRootFallsBackToRoot()
    {
        Assert.Equal("/", ReturnUrl.LocalOrRoot("//evil.example"));
        Assert.Equal("/apps", ReturnUrl.LocalOrRoot("/apps"));
    }
}

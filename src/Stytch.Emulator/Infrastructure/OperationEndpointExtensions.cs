namespace Stytch.Emulator.Infrastructure;

internal static class OperationEndpointExtensions
{
    /// <summary>Names the operation; the route needs the project's Basic credentials.</summary>
    public static TBuilder WithOperation<TBuilder>(this TBuilder builder, string name)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new OperationMetadata(name, RequiresSecret: true));

    /// <summary>Names the operation; the route is public (JWKS, browser redirects, the developer routes).</summary>
    public static TBuilder WithPublicOperation<TBuilder>(this TBuilder builder, string name)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new OperationMetadata(name, RequiresSecret: false));

    /// <summary>
    /// Names the operation; the route is a public OAuth 2.0 endpoint: client credentials instead of the project's,
    /// form or JSON bodies, errors in the OAuth shape (<see cref="OAuthErrors"/>).
    /// </summary>
    public static TBuilder WithOAuthOperation<TBuilder>(this TBuilder builder, string name)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new OperationMetadata(name, RequiresSecret: false, OAuth: true));
}

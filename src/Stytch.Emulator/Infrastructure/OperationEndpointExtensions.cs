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
}

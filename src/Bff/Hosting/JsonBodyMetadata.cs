namespace Bff.Hosting;

/// <summary>
/// Endpoint metadata: what the endpoint's JSON body must be. A body the framework cannot bind (not JSON, not an
/// object, a field of the wrong type, an unknown field) is refused with a bare 400 before the handler runs;
/// <see cref="BffProblems"/> answers it with this description (error_type <c>invalid_json_body</c>) instead.
/// </summary>
public sealed class JsonBodyMetadata(string description)
{
    public const string ErrorType = "invalid_json_body";

    public string Description { get; } = description;
}

public static class JsonBodyMetadataExtensions
{
    /// <summary>Says, in the 400 for a body that cannot be read, what the body must be.</summary>
    public static TBuilder DescribeJsonBody<TBuilder>(this TBuilder builder, string description)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new JsonBodyMetadata(description));
}

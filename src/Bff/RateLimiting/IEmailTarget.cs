namespace Bff.RateLimiting;

/// <summary>A login request body that names the email address it targets (for the per-email limit).</summary>
public interface IEmailTarget
{
    string Email { get; }
}

using System.ComponentModel.DataAnnotations;
using VoiceFlow.Server.Infrastructure.Validation;

namespace VoiceFlow.Server.Accounts;

public sealed record RegisterRequest(
    [property: Required, EmailAddress, StringLength(254)] string Email,
    [property: Required, StrongPassword] string Password,
    [property: Required, PlainText(100)] string Name,
    [property: PlainText(100)] string? Company);

public sealed record RegisteredAccount(Guid Id, string Email, string Name, bool EmailVerified);

public sealed record ForgotPasswordRequest([property: Required, StringLength(254)] string Email);

public sealed record ResetPasswordRequest(
    [property: Required, StringLength(200)] string Token,
    [property: Required, StrongPassword] string Password);

public sealed record VerifyEmailRequest([property: Required, StringLength(200)] string Token);

public sealed record TeamMembership(Guid TeamId, string Role);

public sealed record Me(Guid Id, string Email, string Name, string? Company, string Plan, bool EmailVerified, IReadOnlyList<TeamMembership> Teams);

using System.ComponentModel.DataAnnotations;
using VoiceFlow.Server.Infrastructure.Validation;

namespace VoiceFlow.Server.Contributors;

public sealed record RegisterContributorRequest(
    [property: Required, EmailAddress, StringLength(254)] string Email,
    [property: Required, StrongPassword] string Password,
    [property: Required, PlainText(100)] string Name,
    [property: Required, CountryCode] string Country,
    [property: Required, LanguageTags] IReadOnlyList<string> Languages,
    VoiceProfileInput? VoiceProfile);

public sealed record VoiceProfileInput(
    [property: OneOf("18-24", "25-34", "35-44", "45-54", "55-64", "65+")] string? AgeRange,
    [property: OneOf("female", "male", "non_binary", "prefer_not_to_say")] string? Gender,
    [property: PlainText(100)] string? Accent,
    [property: OneOf("built_in", "headset", "usb", "studio", "phone", "other")] string? Microphone);

public sealed record ContributorProfile(
    Guid Id, string Email, string Name, string Country, IReadOnlyList<string> Languages, VoiceProfileInput? VoiceProfile,
    bool EmailVerified, DateTimeOffset CreatedAt);

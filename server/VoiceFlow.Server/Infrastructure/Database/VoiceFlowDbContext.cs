using Microsoft.EntityFrameworkCore;
using OpenIddict.EntityFrameworkCore.Models;
using VoiceFlow.Server.Accounts;
using VoiceFlow.Server.Accounts.Tokens;
using VoiceFlow.Server.ApiKeys;
using VoiceFlow.Server.Audit;
using VoiceFlow.Server.Deployments;
using VoiceFlow.Server.Contributors;
using VoiceFlow.Server.Recording.Prompts;
using VoiceFlow.Server.Teams;

namespace VoiceFlow.Server.Infrastructure.Database;

public sealed class VoiceFlowDbContext(DbContextOptions<VoiceFlowDbContext> options) : DbContext(options)
{
    public DbSet<User> Users => Set<User>();
    public DbSet<OneTimeToken> OneTimeTokens => Set<OneTimeToken>();
    public DbSet<Team> Teams => Set<Team>();
    public DbSet<TeamMember> TeamMembers => Set<TeamMember>();
    public DbSet<TeamInvitation> TeamInvitations => Set<TeamInvitation>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();
    public DbSet<TokenKey> TokenKeys => Set<TokenKey>();
    public DbSet<Contributor> Contributors => Set<Contributor>();
    public DbSet<Prompt> Prompts => Set<Prompt>();
    public DbSet<Recording.Recording> Recordings => Set<Recording.Recording>();
    public DbSet<Quality.AnalysisJob> AnalysisJobs => Set<Quality.AnalysisJob>();
    public DbSet<Quality.RecordingAssessment> RecordingAssessments => Set<Quality.RecordingAssessment>();
    public DbSet<Contributors.Earnings.Payout> Payouts => Set<Contributors.Earnings.Payout>();
    public DbSet<Tts.TtsUsageEvent> TtsUsageEvents => Set<Tts.TtsUsageEvent>();
    public DbSet<Tts.TtsUsageMonthly> TtsUsageMonthly => Set<Tts.TtsUsageMonthly>();

    public DbSet<Deployment> Deployments => Set<Deployment>();
    public DbSet<DeploymentEvent> DeploymentEvents => Set<DeploymentEvent>();
    public DbSet<DeploymentRun> DeploymentRuns => Set<DeploymentRun>();
    public DbSet<DeploymentLogLine> DeploymentLogLines => Set<DeploymentLogLine>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(VoiceFlowDbContext).Assembly);
        modelBuilder.UseOpenIddict<Guid>();
        // Same snake_case naming as the rest of the schema.
        modelBuilder.Entity<OpenIddictEntityFrameworkCoreApplication<Guid>>().ToTable("openiddict_applications");
        modelBuilder.Entity<OpenIddictEntityFrameworkCoreAuthorization<Guid>>().ToTable("openiddict_authorizations");
        modelBuilder.Entity<OpenIddictEntityFrameworkCoreScope<Guid>>().ToTable("openiddict_scopes");
        modelBuilder.Entity<OpenIddictEntityFrameworkCoreToken<Guid>>().ToTable("openiddict_tokens");
    }
}

using VoiceFlow.Server.Accounts;
using VoiceFlow.Server.ApiKeys;
using VoiceFlow.Server.Audit;
using VoiceFlow.Server.Deployments;
using VoiceFlow.Server.Contributors;
using VoiceFlow.Server.Quality;
using VoiceFlow.Server.Recording;
using VoiceFlow.Server.Recording.Prompts;
using VoiceFlow.Server.Infrastructure.Commands;
using VoiceFlow.Server.Infrastructure.Database;
using VoiceFlow.Server.Infrastructure.Email;
using VoiceFlow.Server.Infrastructure.Hosting;
using VoiceFlow.Server.Infrastructure.RateLimiting;
using VoiceFlow.Server.Infrastructure.Realtime;
using VoiceFlow.Server.Infrastructure.Security;
using VoiceFlow.Server.Teams;
using VoiceFlow.Server.Tts;
using VoiceFlow.Server.Web;

var builder = WebApplication.CreateBuilder(args);
builder.AddHosting();
builder.Services
    .AddDatabase(builder.Configuration)
    .AddRealtime(builder.Configuration)
    .AddEmail(builder.Configuration)
    .AddHttpSecurity(builder.Configuration, builder.Environment)
    .AddRateLimits(builder.Configuration)
    .AddCallerAuthentication()
    .AddAccounts(builder.Configuration)
    .AddTeams()
    .AddApiKeys(builder.Configuration)
    .AddAudit()
    .AddContributors(builder.Configuration)
    .AddRecording(builder.Configuration)
    .AddQuality(builder.Configuration)
    .AddTts(builder.Configuration)
    .AddDeployments(builder.Configuration)
    .AddWebConsole(builder.Configuration);

var app = builder.Build();
if (ServerCommands.IsCommand(args))
{
    return await ServerCommands.RunAsync(app, args);
}

app.UseForwardedHeaders();
app.UseHosting();
app.UseHttpSecurity();
app.UseApiConcurrencyLimit();
app.UseHubQueryAccessToken();
app.UseAccountsTokenContract();
app.UseAuthentication();
app.UseRateLimits();
app.UseAuthorization();
app.UseHubConnectionScope();

app.MapOperations();
app.MapAccounts();
app.MapTeams();
app.MapApiKeys();
app.MapAudit();
app.MapContributors();
app.MapPromptAdmin();
app.MapRecording();
app.MapQuality();
app.MapTts();
app.MapDeployments();
app.MapWebConsole();

await app.RunAsync();
return 0;

public partial class Program;

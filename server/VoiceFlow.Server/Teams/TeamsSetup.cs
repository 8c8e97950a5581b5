namespace VoiceFlow.Server.Teams;

public static class TeamsSetup
{
    public static IServiceCollection AddTeams(this IServiceCollection services) =>
        services.AddScoped<TeamAccess>().AddScoped<TeamService>();
}

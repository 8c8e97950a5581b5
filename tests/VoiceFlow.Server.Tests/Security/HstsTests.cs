using Microsoft.AspNetCore.Hosting;
using VoiceFlow.Server.Tests.Infrastructure;

namespace VoiceFlow.Server.Tests.Security;

public sealed class ProductionApp : VoiceFlowApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Production");
    }
}

public sealed class HstsTests(ProductionApp app) : IClassFixture<ProductionApp>
{
    [Fact]
    public async Task Https_answers_outside_development_carry_strict_transport_security()
    {
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("https://api.voiceflow.example"),
        });

        var response = await client.GetAsync("/health");

        Assert.Contains("max-age=31536000", response.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
    }
}

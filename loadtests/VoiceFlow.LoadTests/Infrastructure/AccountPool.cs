using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;

namespace VoiceFlow.LoadTests.Infrastructure;

public enum AccountKind
{
    User,
    Contributor,
}

public sealed class CachedAccount
{
    public AccountKind Kind { get; set; }
    public string Email { get; set; } = "";
    public string Password { get; set; } = "";
    public string? AccessToken { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public string? Plan { get; set; }
    public List<CachedKey> Keys { get; set; } = [];

    /// <summary>Given on the command line rather than made by the tool (never handed out as a test account).</summary>
    public bool Given { get; set; }
}

public sealed record CachedKey(Guid Id, string Key);

/// <summary>
/// Test accounts made through the public API (register, login, create key), cached per server in a file so that
/// later runs reuse them instead of meeting the server's sign-up and login limits again. 429s are waited out as
/// Retry-After says, within a bounded patience. Given <c>--email/--password</c>, that one account is used instead.
/// </summary>
public sealed class AccountPool
{
    private const string Domain = "loadtest.voiceflow.example";
    private readonly string _path;
    private readonly Uri _server;
    private readonly HttpClient _http;
    private readonly Patience _patience;
    private readonly SemaphoreSlim _fileLock = new(1, 1);
    private readonly Dictionary<string, List<CachedAccount>> _all;

    private AccountPool(string path, Uri server, HttpClient http, Dictionary<string, List<CachedAccount>> all, TimeSpan patience)
    {
        _path = path;
        _server = server;
        _http = http;
        _all = all;
        _patience = new Patience(patience);
    }

    private List<CachedAccount> Accounts => _all.TryGetValue(ServerKey, out var list) ? list : _all[ServerKey] = [];

    private string ServerKey => _server.GetLeftPart(UriPartial.Authority);

    public string Path => _path;

    public static async Task<AccountPool> OpenAsync(LoadOptions options, HttpClient http, TimeSpan? patience = null)
    {
        var path = options.AccountsFile ?? DefaultPath();
        var all = File.Exists(path)
            ? JsonSerializer.Deserialize<Dictionary<string, List<CachedAccount>>>(await File.ReadAllTextAsync(path), Api.Json) ?? []
            : [];
        return new AccountPool(path, options.Url, http, all, patience ?? TimeSpan.FromSeconds(120));
    }

    /// <summary>loadtests/.accounts.json of the checkout the tool runs from (git-ignored), else the current folder.</summary>
    private static string DefaultPath()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(System.IO.Path.Combine(dir.FullName, "loadtests", "VoiceFlow.LoadTests")))
            {
                return System.IO.Path.Combine(dir.FullName, "loadtests", ".accounts.json");
            }
        }

        return System.IO.Path.Combine(Environment.CurrentDirectory, ".voiceflow-loadtest-accounts.json");
    }

    /// <summary>The given account (<c>--email/--password</c>), logged in; cached too, so its keys are reused.</summary>
    public async Task<CachedAccount> GivenAsync(AccountKind kind, string email, string password, CancellationToken cancellationToken)
    {
        CachedAccount? account;
        lock (Accounts)
        {
            account = Accounts.FirstOrDefault(a => a.Kind == kind && a.Email.Equals(email, StringComparison.OrdinalIgnoreCase) && a.Password == password);
            if (account is null)
            {
                account = new CachedAccount { Kind = kind, Email = email, Password = password, Given = true };
                Accounts.Add(account);
            }
        }

        await LoginAsync(account, cancellationToken);
        await ReadPlanAsync(account, cancellationToken);
        await SaveAsync();
        return account;
    }

    /// <summary><paramref name="count"/> accounts of a kind with a live access token: cached ones first, then new ones.</summary>
    public async Task<List<CachedAccount>> GetAsync(AccountKind kind, int count, CancellationToken cancellationToken)
    {
        List<CachedAccount> cached;
        lock (Accounts)
        {
            cached = [.. Accounts.Where(a => a.Kind == kind && !a.Given).Take(count)];
        }

        int fresh = count - cached.Count;
        Console.Error.WriteLine($"  accounts: {cached.Count} {kind.ToString().ToLowerInvariant()}s cached in {_path}, {Math.Max(0, fresh)} to register");
        var ready = new CachedAccount[count];
        int done = 0;
        var failures = new List<string>();
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            try
            {
                ready[i] = i < cached.Count ? await RefreshAsync(cached[i], ct) : await RegisterAsync(kind, ct);
            }
            catch (ProvisioningException e)
            {
                lock (failures)
                {
                    failures.Add(e.Message);
                }
            }

            if (Interlocked.Increment(ref done) % 100 == 0)
            {
                Console.Error.WriteLine($"  accounts: {done}/{count}");
                await SaveAsync();
            }
        });
        await SaveAsync();
        if (failures.Count > 0)
        {
            throw new ProvisioningException($"{failures.Count} of {count} accounts could not be provisioned: {failures[0]}");
        }

        return [.. ready];
    }

    /// <summary>The account's first cached API key, created when it has none.</summary>
    public async Task<string> KeyAsync(CachedAccount account, CancellationToken cancellationToken) =>
        (await KeysAsync(account, 1, cancellationToken))[0];

    /// <summary><paramref name="count"/> API keys of the account, created as needed and cached.</summary>
    public async Task<List<string>> KeysAsync(CachedAccount account, int count, CancellationToken cancellationToken)
    {
        while (account.Keys.Count < count)
        {
            using var response = await Api.SendPatientlyAsync(_http,
                () => Api.Request(HttpMethod.Post, _server, "/api/keys", account.AccessToken, new { name = "load test" }), _patience, cancellationToken);
            await Api.EnsureSuccessAsync(response, $"creating a key for {account.Email}");
            var created = await response.Content.ReadFromJsonAsync<JsonElement>(Api.Json, cancellationToken);
            account.Keys.Add(new CachedKey(created.GetProperty("id").GetGuid(), created.GetProperty("key").GetString()!));
            await SaveAsync();
        }

        return [.. account.Keys.Take(count).Select(k => k.Key)];
    }

    private async Task<CachedAccount> RefreshAsync(CachedAccount account, CancellationToken cancellationToken)
    {
        if (account.AccessToken is not null && account.ExpiresAt > DateTimeOffset.UtcNow.AddHours(1))
        {
            // Still valid unless the server's data was reset since: one cheap authenticated read tells.
            using var me = await _http.SendAsync(Api.Request(HttpMethod.Get, _server, MePath(account.Kind), account.AccessToken), cancellationToken);
            if (me.IsSuccessStatusCode)
            {
                return account;
            }
        }

        if (await TryLoginAsync(account, cancellationToken))
        {
            return account;
        }

        // Unknown to this server (its data was reset): register it again.
        account.Keys.Clear();
        await RegisterCoreAsync(account, cancellationToken);
        return account;
    }

    private async Task<CachedAccount> RegisterAsync(AccountKind kind, CancellationToken cancellationToken)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var account = new CachedAccount
        {
            Kind = kind,
            Email = $"load-{(kind == AccountKind.User ? "user" : "voice")}-{id}@{Domain}",
            Password = "Load-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)) + "-9X",
        };
        await RegisterCoreAsync(account, cancellationToken);
        lock (Accounts)
        {
            Accounts.Add(account);
        }

        return account;
    }

    private async Task RegisterCoreAsync(CachedAccount account, CancellationToken cancellationToken)
    {
        object body = account.Kind == AccountKind.User
            ? new { email = account.Email, password = account.Password, name = "Load Test", company = "VoiceFlow load tests" }
            : new { email = account.Email, password = account.Password, name = "Load Test Voice", country = "GB", languages = new[] { "en-GB" } };
        string path = account.Kind == AccountKind.User ? "/api/auth/register" : "/api/contributors/register";
        using (var response = await Api.SendPatientlyAsync(_http, () => Api.Request(HttpMethod.Post, _server, path, body: body), _patience, cancellationToken))
        {
            if (response.StatusCode != HttpStatusCode.Conflict)
            {
                await Api.EnsureSuccessAsync(response, $"registering {account.Email}");
            }
        }

        await LoginAsync(account, cancellationToken);
        if (account.Kind == AccountKind.User)
        {
            await ReadPlanAsync(account, cancellationToken);
        }
    }

    private async Task LoginAsync(CachedAccount account, CancellationToken cancellationToken)
    {
        if (!await TryLoginAsync(account, cancellationToken))
        {
            throw new ProvisioningException($"{account.Email} could not log in (wrong password, or not a {account.Kind.ToString().ToLowerInvariant()}).");
        }
    }

    private async Task<bool> TryLoginAsync(CachedAccount account, CancellationToken cancellationToken)
    {
        string path = account.Kind == AccountKind.User ? "/api/auth/login" : "/api/contributors/login";
        using var response = await Api.SendPatientlyAsync(_http,
            () => Api.Request(HttpMethod.Post, _server, path, body: new { email = account.Email, password = account.Password }), _patience, cancellationToken);
        if (response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            return false;
        }

        await Api.EnsureSuccessAsync(response, $"logging in {account.Email}");
        var token = await response.Content.ReadFromJsonAsync<JsonElement>(Api.Json, cancellationToken);
        account.AccessToken = token.GetProperty("accessToken").GetString();
        account.ExpiresAt = DateTimeOffset.UtcNow.AddSeconds(token.GetProperty("expiresIn").GetInt32());
        return true;
    }

    private async Task ReadPlanAsync(CachedAccount account, CancellationToken cancellationToken)
    {
        if (account.Kind != AccountKind.User)
        {
            return;
        }

        using var response = await _http.SendAsync(Api.Request(HttpMethod.Get, _server, "/api/auth/me", account.AccessToken), cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            var me = await response.Content.ReadFromJsonAsync<JsonElement>(Api.Json, cancellationToken);
            account.Plan = me.TryGetProperty("plan", out var plan) ? plan.GetString() : null;
        }
    }

    private static string MePath(AccountKind kind) => kind == AccountKind.User ? "/api/auth/me" : "/api/contributors/me";

    public async Task SaveAsync()
    {
        await _fileLock.WaitAsync();
        try
        {
            string json;
            lock (Accounts)
            {
                json = JsonSerializer.Serialize(_all, new JsonSerializerOptions(Api.Json) { WriteIndented = true });
            }

            var temp = $"{_path}.{Guid.NewGuid():N}.tmp";
            await File.WriteAllTextAsync(temp, json);
            File.Move(temp, _path, overwrite: true);
        }
        finally
        {
            _fileLock.Release();
        }
    }
}

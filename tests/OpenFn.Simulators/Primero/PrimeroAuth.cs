using System.Security.Cryptography;
using System.Text;
using OpenFn.Simulators.Infrastructure;

namespace OpenFn.Simulators.Primero;

/// <summary>Who a request authenticated as, or why it did not.</summary>
internal sealed record AuthResult(string? User, int Status = 200, string? Message = null, bool DeviseBody = false)
{
    public bool Ok => User is not null;
}

/// <summary>
/// Primero's authentication: v2 bearer tokens (JWT-looking strings that expire), ≥2.11 cookie sessions with a
/// CSRF cookie, HTTP Basic, v1 session cookies, and the login throttle. Thread-safe.
/// </summary>
internal sealed class PrimeroAuth(PrimeroOptions options, TimeProvider clock)
{
    public const string SessionCookie = "_primero_session";
    public const string CsrfCookie = "CSRF-TOKEN";
    public const string V1SessionCookie = "_primero_v1_session";
    public const string NeedSignIn = "You need to sign in or sign up before continuing.";
    public const string InvalidLogin = "Invalid User name or password.";

    private readonly object gate = new();
    private readonly Dictionary<string, (string User, DateTime Expires)> tokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string User, string Csrf, DateTime Expires)> sessions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string User, DateTime Expires)> v1Sessions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<DateTime>> loginTimes = new(StringComparer.Ordinal);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public void Clear()
    {
        lock (gate)
        {
            tokens.Clear();
            sessions.Clear();
            v1Sessions.Clear();
            loginTimes.Clear();
        }
    }

    public bool CheckPassword(string? user, string? password) =>
        user is not null && password is not null && options.Logins.TryGetValue(user, out var expected) && expected == password;

    /// <summary>Counts a login attempt; false when the user is over the per-minute limit.</summary>
    public bool TryCountLogin(string user)
    {
        if (options.LoginsPerMinute is not { } limit) return true;
        lock (gate)
        {
            if (!loginTimes.TryGetValue(user, out var times)) loginTimes[user] = times = new Queue<DateTime>();
            while (times.Count > 0 && times.Peek() <= Now.AddMinutes(-1)) times.Dequeue();
            if (times.Count >= limit) return false;
            times.Enqueue(Now);
            return true;
        }
    }

    public string IssueToken(string user)
    {
        var token = Jwt(user);
        lock (gate) tokens[token] = (user, Now + options.TokenLifetime);
        return token;
    }

    public void RevokeToken(string token)
    {
        lock (gate) tokens.Remove(token);
    }

    public (string Session, string Csrf) OpenSession(string user)
    {
        var session = RandomToken(32);
        var csrf = RandomToken(32);
        lock (gate) sessions[session] = (user, csrf, Now + options.TokenLifetime);
        return (session, csrf);
    }

    public void CloseSession(string session)
    {
        lock (gate) sessions.Remove(session);
    }

    public string OpenV1Session(string user)
    {
        var session = RandomToken(24);
        lock (gate) v1Sessions[session] = (user, Now.AddHours(2));
        return session;
    }

    public void CloseV1Session(string session)
    {
        lock (gate) v1Sessions.Remove(session);
    }

    /// <summary>Authenticates a v2 request: Bearer token, HTTP Basic, or (≥2.11) session cookie with CSRF on writes.</summary>
    public AuthResult AuthenticateV2(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var token = header[7..].Trim();
            lock (gate)
            {
                if (!tokens.TryGetValue(token, out var entry)) return new AuthResult(null, 401, "Signature verification failed");
                if (entry.Expires <= Now) return new AuthResult(null, 401, "Signature has expired");
                return new AuthResult(entry.User);
            }
        }
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            var (user, password) = BasicCredentials.Decode(header);
            return CheckPassword(user, password) ? new AuthResult(user) : new AuthResult(null, 401, InvalidLogin, DeviseBody: true);
        }
        if (request.Cookies.TryGetValue(SessionCookie, out var session))
        {
            lock (gate)
            {
                if (!sessions.TryGetValue(session, out var entry) || entry.Expires <= Now)
                    return new AuthResult(null, 401, NeedSignIn, DeviseBody: true);
                var isWrite = !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method);
                if (isWrite && request.Headers["X-CSRF-Token"].ToString() != entry.Csrf) return new AuthResult(null, 403, "Forbidden");
                return new AuthResult(entry.User);
            }
        }
        return new AuthResult(null, 401, NeedSignIn, DeviseBody: true);
    }

    /// <summary>Authenticates a v1 request by its session cookie.</summary>
    public string? AuthenticateV1(HttpRequest request)
    {
        if (!request.Cookies.TryGetValue(V1SessionCookie, out var session)) return null;
        lock (gate) return v1Sessions.TryGetValue(session, out var entry) && entry.Expires > Now ? entry.User : null;
    }

    private string Jwt(string user)
    {
        var issued = clock.GetUtcNow().ToUnixTimeSeconds();
        var header = Base64Url("{\"alg\":\"HS256\"}"u8.ToArray());
        var payload = Base64Url(Encoding.UTF8.GetBytes(
            $"{{\"sub\":\"{user}\",\"scp\":\"user\",\"aud\":null,\"iat\":{issued},\"exp\":{issued + (long)options.TokenLifetime.TotalSeconds},\"jti\":\"{Guid.NewGuid()}\"}}"));
        return header + "." + payload + "." + Base64Url(RandomNumberGenerator.GetBytes(32));
    }

    private static string RandomToken(int bytes) => Base64Url(RandomNumberGenerator.GetBytes(bytes));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

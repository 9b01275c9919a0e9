using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Connectivity.Tests.Operations;

/// <summary>
/// A logger provider that keeps everything a host logs, at every level: each message, its exception and the
/// values of every scope around it, as the text a log sink would receive.
/// </summary>
public sealed class LogCapture : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<CapturedLog> _entries = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyCollection<CapturedLog> Entries => _entries;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => capture._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scopes = new List<string>();
            var scopeValues = new Dictionary<string, string?>();
            capture._scopes.ForEachScope((scope, _) =>
            {
                scopes.Add(scope?.ToString() ?? "");
                if (scope is IEnumerable<KeyValuePair<string, object?>> values)
                    foreach (var (key, value) in values) scopeValues[key] = value?.ToString();
            }, (object?)null);
            var stateValues = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}"))
                : "";
            capture._entries.Enqueue(new CapturedLog(
                category, logLevel, formatter(state, exception), stateValues, exception?.ToString(), scopes, scopeValues));
        }
    }
}

public sealed record CapturedLog(
    string Category, LogLevel Level, string Message, string StateValues, string? Exception,
    IReadOnlyList<string> Scopes, IReadOnlyDictionary<string, string?> ScopeValues)
{
    /// <summary>Everything about the entry a log sink could write.</summary>
    public string FullText => string.Join("\n", [Category, Message, StateValues, Exception ?? "", .. Scopes, .. ScopeValues.Select(v => $"{v.Key}={v.Value}")]);
}

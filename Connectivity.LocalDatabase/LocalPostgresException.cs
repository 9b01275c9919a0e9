namespace Connectivity.LocalDatabase;

/// <summary>The local cluster could not be found, initialised, started or stopped.</summary>
public sealed class LocalPostgresException(string message, Exception? inner = null) : Exception(message, inner);

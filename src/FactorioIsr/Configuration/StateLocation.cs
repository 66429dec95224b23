namespace FactorioIsr.Configuration;

/// <summary>What a <c>state</c> setting or <c>--state</c> names: this build stores state in SQLite only.</summary>
internal static class StateLocation
{
    public const string PostgreSqlRefused =
        "PostgreSQL is not supported by this build; give a file path for the SQLite state database (e.g. data/isr.db)";

    /// <summary>
    /// Whether the value is a PostgreSQL URL (<c>postgres://</c>, <c>postgresql://</c>) or a connection string
    /// (<c>key=value</c> pairs separated by <c>;</c>, one of them <c>Host</c> or <c>Server</c>) rather than a file path:
    /// a path such as <c>postgres-volume/isr.db</c> is a path.
    /// </summary>
    public static bool IsPostgreSql(string value)
    {
        if (value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        foreach (var pair in value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && pair[..equals].Trim() is var key
                && (key.Equals("Host", StringComparison.OrdinalIgnoreCase) || key.Equals("Server", StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return false;
    }
}

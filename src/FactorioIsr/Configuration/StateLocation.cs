namespace FactorioIsr.Configuration;

/// <summary>What a <c>state</c> setting or <c>--state</c> names: this build stores state in SQLite only.</summary>
internal static class StateLocation
{
    public const string PostgreSqlRefused =
        "PostgreSQL is not supported by this build; give a file path for the SQLite state database (e.g. data/isr.db)";

    /// <summary>Whether the value looks like a PostgreSQL connection string or URL rather than a file path.</summary>
    public static bool IsPostgreSql(string value) =>
        value.StartsWith("postgres", StringComparison.OrdinalIgnoreCase)
        || value.Contains("Host=", StringComparison.OrdinalIgnoreCase)
        || value.Contains("Server=", StringComparison.OrdinalIgnoreCase);
}

using FactorioIsr.Configuration;
using Microsoft.Extensions.Logging;

namespace FactorioIsr.State;

/// <summary>Opens the state store the <c>state</c> setting (or <c>--state</c>) names.</summary>
internal interface IStateStoreFactory
{
    /// <summary>Opens (creating or migrating) the store.</summary>
    /// <exception cref="StateStoreException">It cannot be opened; the message says what to fix.</exception>
    IStateStore Open(string location);
}

/// <summary>A file path: the embedded SQLite store (WAL). A PostgreSQL connection string is refused until that store lands.</summary>
internal sealed class StateStoreFactory(TimeProvider time, ILoggerFactory loggers, StateMetrics? metrics = null) : IStateStoreFactory
{
    public IStateStore Open(string location)
    {
        if (StateLocation.IsPostgreSql(location))
        {
            throw new StateStoreException(StateLocation.PostgreSqlRefused, isTransient: false);
        }

        try
        {
            return SqliteStateStore.Open(location, time, loggers.CreateLogger<SqliteStateStore>(), metrics: metrics);
        }
        catch (StateOpenException e)
        {
            // Its message is one sentence with the cause and what to do (a read-only file system, a newer schema, ...).
            throw new StateStoreException($"cannot open the state database {location}: {e.Message}", isTransient: false, e);
        }
    }
}

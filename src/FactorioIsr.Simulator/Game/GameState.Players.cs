namespace FactorioIsr.Simulator.Game;

internal sealed partial class GameState
{
    private int _peerId;

    /// <summary>Joins or leaves players until <paramref name="count"/> are online, writing the log lines.</summary>
    public void SetOnlineCount(int count)
    {
        lock (_gate)
        {
            Advance();
            while (_online.Count > count)
            {
                LeaveLocked(_online[^1], "left");
            }

            while (_online.Count < count)
            {
                var candidates = NamePool.Where(n => !_online.Contains(n) && !_bans.Contains(n)).ToArray();
                var name = candidates.Length > 0 ? candidates[_random.Next(candidates.Length)] : "engineer" + _random.Next(1000, 9999);
                JoinLocked(name);
            }
        }
    }

    /// <summary>One step of background activity (called about once a second): joins, leaves, chat, deaths, autosaves.</summary>
    public void Step(bool randomActivity, int targetPlayers, TimeSpan autosaveInterval)
    {
        lock (_gate)
        {
            Advance();
            if (_tick - _lastAutosaveTick >= autosaveInterval.TotalSeconds * 60)
            {
                _lastAutosaveTick = _tick;
                _autosaveSlot = (_autosaveSlot % 5) + 1;
                _logs.Current.Info("AppManager.cpp:1052", $"Saving to _autosave{_autosaveSlot} (non-blocking).");
                _logs.Current.Info("AppManagerStates.cpp:2022", "Saving finished");
            }

            if (!randomActivity)
            {
                return;
            }

            if (_online.Count < targetPlayers)
            {
                // Initial players trickle in one per step, so a newcomer sees joins within seconds.
                SetOnlineCountLocked(_online.Count + 1);
                return;
            }

            var roll = _random.NextDouble();
            if (roll < 0.02 && _online.Count < targetPlayers + 2)
            {
                SetOnlineCountLocked(_online.Count + 1);
            }
            else if (roll < 0.035 && _online.Count > 1)
            {
                LeaveLocked(_online[_random.Next(_online.Count)], "left");
            }
            else if (roll < 0.10 && _online.Count > 0)
            {
                var player = _online[_random.Next(_online.Count)];
                _logs.Console.Chat(player, ChatLines[_random.Next(ChatLines.Length)]);
            }
            else if (roll < 0.115 && _online.Count > 0)
            {
                var player = _online[_random.Next(_online.Count)];
                var cause = DeathCauses[_random.Next(DeathCauses.Length)];
                _logs.ModEvents.Write(ModEvents.PlayerDied(_tick, player, cause, _random.Next(-200, 200) + 0.5, _random.Next(-200, 200)));
            }
        }
    }

    private static readonly string[] ChatLines =
    [
        "hi all", "anyone seen my train?", "need more iron plates", "biters at the north wall!", "gg", "[gps=98,69]",
        "who took the blue belts", "afk 5 min", "rocket soon?", "[item=iron-gear-wheel] x200 in the chest",
    ];

    private static readonly string[] DeathCauses = ["small-biter", "medium-spitter", "locomotive", "gun-turret", "cargo-wagon"];

    private void SetOnlineCountLocked(int count)
    {
        var candidates = NamePool.Where(n => !_online.Contains(n) && !_bans.Contains(n)).ToArray();
        if (count > _online.Count && candidates.Length > 0)
        {
            JoinLocked(candidates[_random.Next(candidates.Length)]);
        }
    }

    private void JoinLocked(string name)
    {
        var peer = ++_peerId;
        var mode = _known.Add(name) ? "create" : "connect";
        _online.Add(name);
        _logs.Current.Info("ServerMultiplayerManager.cpp:95", $"received stateChanged peerID({peer}) oldState(Ready) newState(ConnectedWaitingForMap)");
        _logs.Current.Info("ServerMultiplayerManager.cpp:95", $"processed PlayerJoinGame peerID({peer}) playerIndex({_known.Count - 1}) mode({mode})");
        _logs.Current.Info("ServerMultiplayerManager.cpp:95", $"received stateChanged peerID({peer}) oldState(ConnectedLoadingMap) newState(InGame)");
        _logs.Console.Join(name);
    }

    private void LeaveLocked(string name, string how)
    {
        if (!_online.Remove(name))
        {
            return;
        }

        var peer = _peerId;
        _logs.Current.Info("ServerMultiplayerManager.cpp:1171", $"Disconnect notification for peer ({peer})");
        _logs.Current.Info("ServerMultiplayerManager.cpp:95", $"received stateChanged peerID({peer}) oldState(InGame) newState(DisconnectScheduled)");
        _logs.Current.Info("ServerMultiplayerManager.cpp:1014", $"removing peer({peer}).");
        if (how == "left")
        {
            _logs.Console.Leave(name);
        }

        if (_online.Count == 0 && AutoPause)
        {
            _logs.Current.Info("AppManager.cpp:1052", "Auto saving map as /factorio/saves/_autosave.zip");
            _logs.Current.Info("AppManagerStates.cpp:2022", "Saving finished");
        }
    }

    /// <summary>Everyone leaves without log lines (the server is going down).</summary>
    public void DisconnectAll()
    {
        lock (_gate)
        {
            Advance();
            _online.Clear();
        }
    }
}

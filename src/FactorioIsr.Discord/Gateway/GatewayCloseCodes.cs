namespace FactorioIsr.Discord.Gateway;

/// <summary>What the client does after the gateway closed the socket with a code (discord.md §1.8).</summary>
internal enum GatewayCloseAction
{
    /// <summary>Reconnect to the resume URL and Resume (unknown codes and a dropped connection too).</summary>
    Resume,

    /// <summary>Reconnect and Identify a new session (4007 invalid seq, 4009 session timed out).</summary>
    Identify,

    /// <summary>Stop: retrying cannot help until the configuration changes (4004, 4010-4014).</summary>
    Fatal,
}

/// <summary>
/// Discord's gateway close codes, how the client reacts to each, and the one-line error of the fatal ones. The codes
/// the client sends itself: <see cref="Resumable"/>, never 1000/1001, which invalidate the session.
/// </summary>
internal static class GatewayCloseCodes
{
    /// <summary>The code the client closes with when it means to resume (a zombie, op 7, shutdown): 1000/1001 would end the session.</summary>
    public const int Resumable = 4000;

    public const int AuthenticationFailed = 4004;
    public const int InvalidSeq = 4007;
    public const int SessionTimedOut = 4009;
    public const int InvalidShard = 4010;
    public const int ShardingRequired = 4011;
    public const int InvalidApiVersion = 4012;
    public const int InvalidIntents = 4013;
    public const int DisallowedIntents = 4014;

    public static GatewayCloseAction Classify(int? code) => code switch
    {
        AuthenticationFailed or InvalidShard or ShardingRequired or InvalidApiVersion or InvalidIntents or DisallowedIntents => GatewayCloseAction.Fatal,
        InvalidSeq or SessionTimedOut => GatewayCloseAction.Identify,
        _ => GatewayCloseAction.Resume,
    };

    /// <summary>Discord's name of a close code, for logs.</summary>
    public static string Name(int? code) => code switch
    {
        null => "no close code",
        4000 => "4000 Unknown error",
        4001 => "4001 Unknown opcode",
        4002 => "4002 Decode error",
        4003 => "4003 Not authenticated",
        AuthenticationFailed => "4004 Authentication failed",
        4005 => "4005 Already authenticated",
        InvalidSeq => "4007 Invalid seq",
        4008 => "4008 Rate limited",
        SessionTimedOut => "4009 Session timed out",
        InvalidShard => "4010 Invalid shard",
        ShardingRequired => "4011 Sharding required",
        InvalidApiVersion => "4012 Invalid API version",
        InvalidIntents => "4013 Invalid intent(s)",
        DisallowedIntents => "4014 Disallowed intent(s)",
        _ => code.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>The one-line error of a fatal close: what happened and what to fix.</summary>
    public static string FatalMessage(int code, GatewayIntents intents) => code switch
    {
        AuthenticationFailed =>
            "Discord gateway closed with 4004 Authentication failed: the bot token is invalid; set a valid token (DISCORD_BOT_TOKEN or discord.token; Developer Portal > your application > Bot > Reset Token) and restart",
        InvalidShard =>
            "Discord gateway closed with 4010 Invalid shard: the shard sent in Identify is not valid; this is a bug in isr, please report it",
        ShardingRequired =>
            "Discord gateway closed with 4011 Sharding required: the bot is in more than 2,500 guilds and needs sharding, which isr does not do; use a bot that is in fewer guilds",
        InvalidApiVersion =>
            "Discord gateway closed with 4012 Invalid API version: the gateway URL does not speak API v10; check discord.gateway_base_url",
        InvalidIntents =>
            $"Discord gateway closed with 4013 Invalid intent(s): Discord does not know the intents {(int)intents}; this is a bug in isr, please report it",
        DisallowedIntents =>
            $"Discord gateway closed with 4014 Disallowed intent(s): enable {DescribePrivileged(intents)} in the Discord Developer Portal (your application > Bot > Privileged Gateway Intents) and restart, or turn off the feature that needs it",
        _ => $"Discord gateway closed with {Name(code)}",
    };

    /// <summary>The privileged intents among <paramref name="intents"/>, by their names in the Developer Portal and the feature that asks for each.</summary>
    public static string DescribePrivileged(GatewayIntents intents)
    {
        var names = new List<string>();
        if (intents.HasFlag(GatewayIntents.MessageContent))
        {
            names.Add("MESSAGE CONTENT INTENT (the chat bridge reads Discord messages)");
        }

        if (intents.HasFlag(GatewayIntents.GuildMembers))
        {
            names.Add("SERVER MEMBERS INTENT");
        }

        if (intents.HasFlag(GatewayIntents.GuildPresences))
        {
            names.Add("PRESENCE INTENT");
        }

        return names.Count == 0 ? "the privileged intents the bot asks for" : string.Join(" and ", names);
    }
}

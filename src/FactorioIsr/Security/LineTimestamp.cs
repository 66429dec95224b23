namespace FactorioIsr.Security;

/// <summary>
/// The time a console.log line was written, from its own <c>YYYY-MM-DD HH:MM:SS</c> prefix (Factorio writes the server's
/// local time with no zone: it is read in the relay's local time zone, <see cref="TimeProvider.LocalTimeZone"/>).
/// </summary>
internal static class LineTimestamp
{
    public static DateTimeOffset? Parse(string raw, TimeZoneInfo zone)
    {
        // 2026-12-01 13:05:09 [CHAT] ... (optionally .fff after the seconds)
        if (raw.Length < 19 || raw[4] != '-' || raw[7] != '-' || raw[10] != ' ' || raw[13] != ':' || raw[16] != ':')
        {
            return null;
        }

        if (!Digits(raw, 0, 4, out var year) || !Digits(raw, 5, 2, out var month) || !Digits(raw, 8, 2, out var day)
            || !Digits(raw, 11, 2, out var hour) || !Digits(raw, 14, 2, out var minute) || !Digits(raw, 17, 2, out var second))
        {
            return null;
        }

        if (month is < 1 or > 12 || day < 1 || year < 2000 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return null;
        }

        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified);
        TimeSpan offset;
        try
        {
            offset = zone.IsInvalidTime(local) ? zone.BaseUtcOffset : zone.GetUtcOffset(local);
        }
        catch (ArgumentException)
        {
            offset = zone.BaseUtcOffset;
        }

        return new DateTimeOffset(local, offset);
    }

    private static bool Digits(string text, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            var c = text[i];
            if (c is < '0' or > '9')
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }
}

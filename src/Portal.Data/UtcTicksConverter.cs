using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Portal.Data;

/// <summary>Stores a <see cref="DateTimeOffset"/> as UTC ticks, which SQLite can sort and compare.</summary>
internal sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
    value => value.UtcTicks,
    ticks => new DateTimeOffset(ticks, TimeSpan.Zero));

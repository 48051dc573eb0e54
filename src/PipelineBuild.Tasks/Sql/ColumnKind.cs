namespace PipelineBuild.Tasks.Sql;

/// <summary>The type a fetched column is written as, decided from its values so that the same rows always give the same file.</summary>
internal enum ColumnKind
{
    /// <summary>Every value is a whole number (any integer width).</summary>
    Integer,

    /// <summary>Numbers, some fractional (float, double, or integers mixed with them).</summary>
    Real,

    /// <summary>Exact decimals (<c>numeric</c>): CSV keeps their digits, Parquet stores a double.</summary>
    Decimal,

    Boolean,

    /// <summary>Timestamps, written in UTC.</summary>
    Timestamp,

    Bytes,

    /// <summary>Text, and anything else or mixed (written in the invariant culture).</summary>
    Text,
}

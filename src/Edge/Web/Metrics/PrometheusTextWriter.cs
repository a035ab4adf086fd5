using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Edge.Web.Metrics;

/// <summary>
/// Writes the observable instruments of one <see cref="Meter"/> in the Prometheus text exposition
/// format (version 0.0.4), asking each instrument for its values at the moment of the scrape, so
/// nothing is counted twice and nothing runs between scrapes.
/// </summary>
/// <remarks>
/// Names follow the Prometheus conventions from the instrument's name and unit, as OpenTelemetry's
/// Prometheus exporters do: dots become underscores, the unit a suffix (<c>By</c> <c>_bytes</c>,
/// <c>By/s</c> <c>_bytes_per_second</c>, <c>s</c> <c>_seconds</c>, <c>bit/s</c> <c>_bits_per_second</c>; annotations such as
/// <c>{frame}</c> none), and counters end in <c>_total</c>. Observable counters are counters,
/// observable gauges and up-down counters gauges. Synchronous instruments are not exported.
/// </remarks>
internal sealed class PrometheusTextWriter : IDisposable
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly Meter _meter;
    private readonly MeterListener _listener = new();
    private readonly Lock _scrape = new();
    private readonly List<Instrument> _instruments = [];
    private readonly Dictionary<Instrument, List<(KeyValuePair<string, object?>[] Tags, double Value)>> _values = [];

    public PrometheusTextWriter(Meter meter)
    {
        _meter = meter;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            // Only this meter's instruments: another meter of the same name (a test's) is not ours.
            if (!ReferenceEquals(instrument.Meter, _meter) || !IsObservable(instrument))
                return;
            lock (_scrape)
                _instruments.Add(instrument);
            listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>Every instrument's values now, as exposition text.</summary>
    public byte[] Write()
    {
        var text = new StringBuilder(4096);
        lock (_scrape)
        {
            _values.Clear();
            _listener.RecordObservableInstruments();
            foreach (var instrument in _instruments)
                WriteFamily(text, instrument, _values.GetValueOrDefault(instrument));
            _values.Clear();
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    public void Dispose() => _listener.Dispose();

    /// <summary>The Prometheus name of an instrument (see the remarks on the class).</summary>
    public static string NameOf(Instrument instrument)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        var name = Sanitize(instrument.Name);
        var suffix = instrument.Unit switch
        {
            "By" => "_bytes",
            "By/s" => "_bytes_per_second",
            "s" => "_seconds",
            "bit/s" => "_bits_per_second",
            "1" => "_ratio",
            _ => "",
        };
        if (suffix.Length > 0 && !name.EndsWith(suffix, StringComparison.Ordinal))
            name += suffix;
        if (IsCounter(instrument) && !name.EndsWith("_total", StringComparison.Ordinal))
            name += "_total";
        return name;
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        // Called from RecordObservableInstruments, under the scrape lock.
        if (!_values.TryGetValue(instrument, out var list))
            _values[instrument] = list = [];
        list.Add((tags.ToArray(), value));
    }

    private static void WriteFamily(StringBuilder text, Instrument instrument, List<(KeyValuePair<string, object?>[] Tags, double Value)>? values)
    {
        var name = NameOf(instrument);
        text.Append("# HELP ").Append(name).Append(' ').Append(EscapeHelp(instrument.Description ?? instrument.Name)).Append('\n');
        text.Append("# TYPE ").Append(name).Append(' ').Append(IsCounter(instrument) ? "counter" : "gauge").Append('\n');
        if (values is null)
            return;
        foreach (var (tags, value) in values)
        {
            text.Append(name);
            if (tags.Length > 0)
            {
                text.Append('{');
                for (var i = 0; i < tags.Length; i++)
                {
                    if (i > 0)
                        text.Append(',');
                    text.Append(Sanitize(tags[i].Key)).Append("=\"").Append(EscapeLabel(Convert.ToString(tags[i].Value, CultureInfo.InvariantCulture) ?? "")).Append('"');
                }
                text.Append('}');
            }
            text.Append(' ').Append(Number(value)).Append('\n');
        }
    }

    private static bool IsObservable(Instrument instrument) =>
        instrument is ObservableCounter<long> or ObservableCounter<int> or ObservableCounter<double>
            or ObservableGauge<long> or ObservableGauge<int> or ObservableGauge<double>
            or ObservableUpDownCounter<long> or ObservableUpDownCounter<int> or ObservableUpDownCounter<double>;

    private static bool IsCounter(Instrument instrument) =>
        instrument is ObservableCounter<long> or ObservableCounter<int> or ObservableCounter<double>;

    private static string Number(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf"
        : double.IsNegativeInfinity(value) ? "-Inf"
        : double.IsNaN(value) ? "NaN"
        : value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Metric and label names allow [a-zA-Z0-9_] (and a colon in metric names, which we never use); anything else becomes an underscore.</summary>
    private static string Sanitize(string name) =>
        string.Create(name.Length, name, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
                span[i] = char.IsAsciiLetterOrDigit(source[i]) && !(i == 0 && char.IsAsciiDigit(source[i])) ? source[i] : '_';
        });

    /// <summary>Label values escape backslash, double quote and line feed.</summary>
    private static string EscapeLabel(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>Help text escapes backslash and line feed.</summary>
    private static string EscapeHelp(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}

namespace OrdersAspire.Analyzer.Cli;

/// <summary>kafka-consumer-groups style arguments: a verb then <c>--name value</c> options and <c>--flag</c>s.</summary>
public sealed class CliArguments
{
    public static readonly IReadOnlyList<string> Verbs = ["describe", "members", "state", "list", "reset-offsets"];
    private static readonly HashSet<string> Flags = ["--verbose", "--dry-run", "--execute", "--to-earliest", "--to-latest", "--members", "--state"];

    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    public string Verb { get; private init; } = "";

    public static bool IsCli(string[] args) => args.Length > 0 && Verbs.Contains(args[0]);

    public static CliArguments Parse(string[] args)
    {
        var parsed = new CliArguments { Verb = args[0] };
        for (var i = 1; i < args.Length; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"unexpected argument '{arg}'");
            }

            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                parsed._values[arg[..eq]] = arg[(eq + 1)..];
            }
            else if (Flags.Contains(arg))
            {
                parsed._flags.Add(arg);
            }
            else if (i + 1 < args.Length)
            {
                parsed._values[arg] = args[++i];
            }
            else
            {
                throw new ArgumentException($"option '{arg}' needs a value");
            }
        }
        return parsed;
    }

    public string? Value(string name) => _values.GetValueOrDefault(name);

    public bool Flag(string name) => _flags.Contains(name);
}

using System.ComponentModel.DataAnnotations;

namespace OrdersAspire.LoadGenerator.Generation;

/// <summary>Configuration section <c>LoadGenerator</c>.</summary>
public sealed class LoadGeneratorOptions
{
    public const string SectionName = "LoadGenerator";

    /// <summary>The topic orders go to; clients cannot choose another one.</summary>
    [Required]
    [RegularExpression("^[a-zA-Z0-9._-]{1,249}$")]
    public string Topic { get; set; } = "order-events";

    /// <summary>How many jobs <c>GET /api/orders/generate</c> remembers (finished ones are forgotten first).</summary>
    [Range(1, 10_000)]
    public int JobHistory { get; set; } = 100;

    /// <summary>Jobs that may run at the same time; further requests get 429.</summary>
    [Range(1, 1000)]
    public int MaxRunningJobs { get; set; } = 16;

    /// <summary>Producer <c>linger.ms</c>: how long the producer waits to fill a batch.</summary>
    [Range(0, 1000)]
    public double LingerMs { get; set; } = 5;

    /// <summary>How long a finished job waits for outstanding delivery reports before it is marked failed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan DeliveryTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>When set, jobs draw their keys and items from a seeded generator (reproducible load); order ids stay unique.</summary>
    public int? RandomSeed { get; set; }
}

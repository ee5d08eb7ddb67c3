using OrdersAspire.LoadGenerator.Pacing;

namespace OrdersAspire.LoadGenerator.Tests.Pacing;

public class PacerTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(50)]
    [InlineData(333)]
    [InlineData(50_000)]
    [InlineData(100_000)]
    public void Does_not_drift_over_ten_simulated_minutes_of_jittery_ticks(int rate)
    {
        var total = (long)rate * 600;
        var pacer = new Pacer(rate, total);
        var random = new Random(7);
        var now = TimeSpan.Zero;
        long released = 0;

        while (!pacer.IsComplete)
        {
            released += pacer.Take(now);

            // Exactly the schedule: ⌊t·rate⌋ + 1 orders due by t, whatever the tick lengths were.
            var expected = Math.Min(total, (long)decimal.Floor(now.Ticks * (decimal)rate / TimeSpan.TicksPerSecond) + 1);
            Assert.Equal(expected, released);
            Assert.Equal(released, pacer.Released);
            if (pacer.IsComplete)
            {
                break;
            }

            // Sleep to the next due time as the runner does, at least a 10 ms tick, plus 0–3 ms of oversleep.
            var next = pacer.NextDueAt()!.Value;
            var wait = next - now;
            now += (wait < TimeSpan.FromMilliseconds(10) ? TimeSpan.FromMilliseconds(10) : wait) + TimeSpan.FromTicks(random.Next(0, 30_000));
            Assert.True(now <= TimeSpan.FromMinutes(10.1), $"still {total - released} orders to go at {now}");
        }

        Assert.Equal(total, released);
        // The last order is due at (total - 1) / rate: no later than 10 minutes plus the last tick.
        Assert.True(now < TimeSpan.FromMinutes(10) + TimeSpan.FromMilliseconds(20), $"finished at {now}");
    }

    [Fact]
    public void The_first_order_is_due_at_once_and_then_one_every_period()
    {
        var pacer = new Pacer(ratePerSecond: 4, total: 10);
        Assert.Equal(1, pacer.MaxBatch);

        Assert.Equal(TimeSpan.Zero, pacer.NextDueAt());
        Assert.Equal(1, pacer.Take(TimeSpan.Zero));
        Assert.Equal(TimeSpan.FromMilliseconds(250), pacer.NextDueAt());
        Assert.Equal(0, pacer.Take(TimeSpan.FromMilliseconds(249)));
        Assert.Equal(1, pacer.Take(TimeSpan.FromMilliseconds(250)));

        // 760 ms: orders 2 and 3 are due; catch-up releases at most MaxBatch (here 1) per call.
        Assert.Equal(1, pacer.Take(TimeSpan.FromMilliseconds(760)));
        Assert.Equal(TimeSpan.FromMilliseconds(750), pacer.NextDueAt());
        Assert.Equal(1, pacer.Take(TimeSpan.FromMilliseconds(760)));
        Assert.Equal(0, pacer.Take(TimeSpan.FromMilliseconds(760)));
        Assert.Equal(TimeSpan.FromMilliseconds(1000), pacer.NextDueAt());
    }

    [Fact]
    public void Catch_up_after_a_stall_is_bounded_per_call_and_returns_to_the_schedule()
    {
        var pacer = new Pacer(ratePerSecond: 10_000, total: 1_000_000);
        Assert.Equal(1_000, pacer.MaxBatch); // 100 ms worth

        pacer.Take(TimeSpan.Zero);
        var stalledUntil = TimeSpan.FromSeconds(5); // a 5 s pause: 50,000 orders behind
        var calls = 0;
        int batch;
        while ((batch = pacer.Take(stalledUntil)) > 0)
        {
            Assert.InRange(batch, 1, pacer.MaxBatch);
            calls++;
        }

        Assert.Equal(50, calls);
        Assert.Equal(pacer.DueBy(stalledUntil), pacer.Released);
        Assert.Equal(10, pacer.Take(stalledUntil + TimeSpan.FromMilliseconds(1)));
    }

    [Fact]
    public void Never_releases_more_than_the_total()
    {
        var pacer = new Pacer(ratePerSecond: 1000, total: 25);
        var released = 0;
        for (var second = 0; second < 5; second++)
        {
            released += pacer.Take(TimeSpan.FromSeconds(second));
        }

        Assert.Equal(25, released);
        Assert.True(pacer.IsComplete);
        Assert.Null(pacer.NextDueAt());
        Assert.Equal(0, pacer.Take(TimeSpan.FromDays(1)));
    }

    [Fact]
    public void Very_long_jobs_do_not_overflow()
    {
        var pacer = new Pacer(ratePerSecond: 100_000, total: 10_000_000);
        Assert.Equal(10_000_000, pacer.DueBy(TimeSpan.FromDays(365 * 100)));
        Assert.Equal(0, pacer.DueBy(TimeSpan.FromTicks(-1)));
    }
}

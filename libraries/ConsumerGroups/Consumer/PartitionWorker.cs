using System.Threading.Channels;
using Confluent.Kafka;

namespace OrdersAspire.ConsumerGroups.Consumer;

/// <summary>Processes one assigned partition, as Kafka Streams runs one task per partition: the poll loop hands it
/// chunks of consumed messages, and it works through them in offset order on its own, so a slow or hot partition
/// never holds up the others or the poll loop. Each batch takes everything queued (up to the batch size), so batches
/// grow under load and stay at one message when idle. After a batch is durable, <paramref name="storeOffset"/> gets
/// the offset that follows it.</summary>
public sealed class PartitionWorker
{
    private readonly Channel<IReadOnlyList<ConsumeResult<byte[]?, byte[]?>>> _queue =
        Channel.CreateUnbounded<IReadOnlyList<ConsumeResult<byte[]?, byte[]?>>>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly CancellationTokenSource _abandon;
    private readonly Func<IReadOnlyList<ConsumeResult<byte[]?, byte[]?>>, CancellationToken, Task<long>> _process;
    private readonly Action<int, long> _storeOffset;
    private readonly SemaphoreSlim _concurrency;
    private readonly int _batchSize;
    private int _queued;

    public PartitionWorker(int partition, int batchSize, SemaphoreSlim concurrency,
        Func<IReadOnlyList<ConsumeResult<byte[]?, byte[]?>>, CancellationToken, Task<long>> process,
        Action<int, long> storeOffset, CancellationToken stopping)
    {
        Partition = partition;
        _batchSize = batchSize;
        _concurrency = concurrency;
        _process = process;
        _storeOffset = storeOffset;
        _abandon = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        Completion = Task.Run(RunAsync, CancellationToken.None);
    }

    public int Partition { get; }

    /// <summary>Messages handed over and not yet processed: the poll loop pauses the partition when this grows.</summary>
    public int Queued => Volatile.Read(ref _queued);

    /// <summary>Ends when the worker has stopped; faults with a non-transient processing failure.</summary>
    public Task Completion { get; }

    public void Enqueue(IReadOnlyList<ConsumeResult<byte[]?, byte[]?>> chunk)
    {
        Interlocked.Add(ref _queued, chunk.Count);
        if (!_queue.Writer.TryWrite(chunk))
        {
            Interlocked.Add(ref _queued, -chunk.Count); // stopping: dropped, redelivered to the next owner
        }
    }

    /// <summary>Stops taking work and drops what is queued (never stored, so the next owner gets it again). The batch in
    /// hand finishes and stores its offset, unless it is waiting to retry: then it is abandoned. Returns when the worker
    /// has stopped or <paramref name="timeout"/> passed (false).</summary>
    public async Task<bool> StopAsync(TimeSpan timeout)
    {
        _queue.Writer.TryComplete();
        while (_queue.Reader.TryRead(out var dropped))
        {
            Interlocked.Add(ref _queued, -dropped.Count);
        }

        await _abandon.CancelAsync().ConfigureAwait(false);
        var stopped = await Task.WhenAny(Completion, Task.Delay(timeout)).ConfigureAwait(false) == Completion;
        if (stopped)
        {
            _abandon.Dispose();
        }

        return stopped;
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<ConsumeResult<byte[]?, byte[]?>>(_batchSize);
        while (await reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < _batchSize && reader.TryPeek(out var next) && (batch.Count == 0 || batch.Count + next.Count <= _batchSize))
            {
                reader.TryRead(out _);
                batch.AddRange(next);
            }
            if (batch.Count == 0)
            {
                continue;
            }

            if (_abandon.IsCancellationRequested)
            {
                return;
            }

            long nextOffset;
            await _concurrency.WaitAsync(CancellationToken.None).ConfigureAwait(false);
            try
            {
                nextOffset = await _process(batch, _abandon.Token).ConfigureAwait(false);
            }
            finally
            {
                _concurrency.Release();
                Interlocked.Add(ref _queued, -batch.Count);
            }
            if (nextOffset < 0)
            {
                return; // abandoned: nothing stored, the rest is redelivered
            }

            _storeOffset(Partition, nextOffset);
        }
    }
}

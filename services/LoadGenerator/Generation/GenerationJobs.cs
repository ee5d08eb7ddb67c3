using Microsoft.Extensions.Options;

namespace OrdersAspire.LoadGenerator.Generation;

/// <summary>
/// The jobs the service remembers: every running job and the most recent finished ones, up to
/// <see cref="LoadGeneratorOptions.JobHistory"/> in all (the oldest finished jobs are forgotten first).
/// </summary>
public sealed class GenerationJobs(IOptions<LoadGeneratorOptions> options)
{
    private readonly Lock _gate = new();
    private readonly LinkedList<GenerationJob> _jobs = new();
    private readonly Dictionary<Guid, GenerationJob> _byId = [];
    private readonly int _history = options.Value.JobHistory;
    private readonly int _maxRunning = options.Value.MaxRunningJobs;

    /// <summary>Adds a job unless <see cref="LoadGeneratorOptions.MaxRunningJobs"/> are already running.</summary>
    public bool TryAdd(GenerationJob job)
    {
        lock (_gate)
        {
            if (_jobs.Count(j => !j.IsFinished) >= _maxRunning)
            {
                return false;
            }

            _jobs.AddLast(job);
            _byId[job.Id] = job;
            var node = _jobs.First;
            while (_jobs.Count > _history && node is not null)
            {
                var next = node.Next;
                if (node.Value.IsFinished)
                {
                    _byId.Remove(node.Value.Id);
                    _jobs.Remove(node);
                }

                node = next;
            }

            return true;
        }
    }

    public GenerationJob? Find(Guid id)
    {
        lock (_gate)
        {
            return _byId.GetValueOrDefault(id);
        }
    }

    /// <summary>Newest first.</summary>
    public IReadOnlyList<GenerationJob> Recent()
    {
        lock (_gate)
        {
            return [.. _jobs.Reverse()];
        }
    }

    public IReadOnlyList<GenerationJob> Running()
    {
        lock (_gate)
        {
            return [.. _jobs.Where(j => !j.IsFinished)];
        }
    }
}

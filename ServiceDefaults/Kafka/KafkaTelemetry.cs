using System.Diagnostics;
using System.Globalization;
using System.Text;
using Confluent.Kafka;
using OpenTelemetry;
using OpenTelemetry.Context.Propagation;

namespace OrdersAspire.ServiceDefaults.Kafka;

/// <summary>
/// Tracing of Kafka produce and process operations with OpenTelemetry messaging attributes, and W3C trace
/// context (traceparent, tracestate, baggage) carried in message headers.
/// </summary>
public static class KafkaTelemetry
{
    public const string ActivitySourceName = "OrdersAspire.Kafka";
    public const string MeterName = "OrdersAspire.Kafka";

    /// <summary>Header that carries an application message id, reported as <c>messaging.message.id</c>.</summary>
    public const string MessageIdHeader = "message-id";

    private const string TraceParentHeader = "traceparent";

    public static readonly ActivitySource ActivitySource = new(ActivitySourceName);

    // Propagators.DefaultTextMapPropagator is a no-op until the OpenTelemetry SDK is initialised; messages
    // must still carry the context then (tests, tools), so fall back to the W3C pair the SDK installs.
    private static readonly TextMapPropagator W3CPropagator =
        new CompositeTextMapPropagator([new TraceContextPropagator(), new BaggagePropagator()]);

    private static TextMapPropagator Propagator =>
        Propagators.DefaultTextMapPropagator is { Fields.Count: > 0 } configured ? configured : W3CPropagator;

    /// <summary>
    /// Starts a Producer span <c>{topic} publish</c> and writes its context into <paramref name="message"/>'s
    /// headers (creating them if needed, replacing earlier trace headers). When no listener samples the span,
    /// the ambient context (if any) is written instead so the trace still continues downstream.
    /// With <paramref name="newTraceLinkedTo"/> the span starts a trace of its own (one per message, instead of
    /// every message of a batch in its creator's trace) and links to that context; it is not made current.
    /// </summary>
    public static Activity? StartProduce<TKey, TValue>(string topic, Message<TKey, TValue> message, string? messageId = null,
        ActivityContext? newTraceLinkedTo = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ArgumentNullException.ThrowIfNull(message);

        message.Headers ??= [];
        messageId ??= ReadHeader(message.Headers, MessageIdHeader);

        Activity? activity;
        if (newTraceLinkedTo is { } creator)
        {
            var ambient = Activity.Current;
            Activity.Current = null; // no parent: a new trace
            activity = ActivitySource.StartActivity(ActivityKind.Producer, parentContext: default,
                links: creator == default ? null : [new ActivityLink(creator)], name: $"{topic} publish");
            Activity.Current = ambient; // the new trace is the message's, not the caller's
        }
        else
        {
            activity = ActivitySource.StartActivity($"{topic} publish", ActivityKind.Producer);
        }
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("messaging.system", "kafka");
            activity.SetTag("messaging.operation.type", "send");
            activity.SetTag("messaging.operation.name", "publish");
            activity.SetTag("messaging.destination.name", topic);
            if (FormatKey(message.Key) is { } key)
            {
                activity.SetTag("messaging.kafka.message.key", key);
            }

            if (messageId is not null)
            {
                activity.SetTag("messaging.message.id", messageId);
            }
        }

        var context = activity?.Context ?? Activity.Current?.Context ?? default;
        Inject(message.Headers, context);
        return activity;
    }

    /// <summary>Adds the delivered partition and offset; marks the span failed when the message was not persisted.</summary>
    public static void RecordDelivery<TKey, TValue>(Activity? activity, DeliveryResult<TKey, TValue> result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (activity is null)
        {
            return;
        }

        activity.SetTag("messaging.destination.partition.id", result.Partition.Value.ToString(CultureInfo.InvariantCulture));
        if (result.Offset != Offset.Unset)
        {
            activity.SetTag("messaging.kafka.offset", result.Offset.Value);
        }

        if (result is DeliveryReport<TKey, TValue> { Error.IsError: true } report)
        {
            SetError(activity, report.Error.Code.ToString(), report.Error.Reason);
        }
        else if (result.Status == PersistenceStatus.NotPersisted)
        {
            SetError(activity, nameof(PersistenceStatus.NotPersisted), "The message was not persisted by the broker.");
        }
    }

    /// <summary>Marks the span failed with the exception (a ProduceException's error code as error.type).</summary>
    public static void RecordDeliveryError(Activity? activity, Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (activity is null)
        {
            return;
        }

        var errorType = error is KafkaException kafka ? kafka.Error.Code.ToString() : error.GetType().FullName ?? error.GetType().Name;
        SetError(activity, errorType, error.Message);
        activity.AddException(error);
    }

    /// <summary>
    /// Starts a Consumer span <c>{topic} process</c> whose parent is the context carried in the message
    /// headers (a new root when there is none). Baggage from the headers is attached to the span. Returns null
    /// when nothing listens or the carried context is not sampled.
    /// </summary>
    public static Activity? StartProcess<TKey, TValue>(ConsumeResult<TKey, TValue> result, string consumerGroup, string? messageId = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        // Tracing costs in proportion to what is sampled: with no listener, or when the producer decided not to sample
        // the order's trace (sampling is parent-based: the producer decides, consumers follow), no span is made at all.
        if (!ActivitySource.HasListeners())
        {
            return null;
        }

        var headers = result.Message?.Headers;
        if (CarriesUnsampledTraceParent(headers))
        {
            return null;
        }

        var propagation = Extract(headers);
        if (propagation.ActivityContext.TraceId != default && !propagation.ActivityContext.TraceFlags.HasFlag(ActivityTraceFlags.Recorded))
        {
            return null;
        }

        messageId ??= headers is null ? null : ReadHeader(headers, MessageIdHeader);

        var activity = ActivitySource.StartActivity(
            $"{result.Topic} process", ActivityKind.Consumer, propagation.ActivityContext);
        if (activity is null)
        {
            return null;
        }

        foreach (var (key, value) in propagation.Baggage)
        {
            activity.AddBaggage(key, value);
        }

        if (activity.IsAllDataRequested)
        {
            activity.SetTag("messaging.system", "kafka");
            activity.SetTag("messaging.operation.type", "process");
            activity.SetTag("messaging.operation.name", "process");
            activity.SetTag("messaging.destination.name", result.Topic);
            activity.SetTag("messaging.consumer.group.name", consumerGroup);
            activity.SetTag("messaging.destination.partition.id", result.Partition.Value.ToString(CultureInfo.InvariantCulture));
            activity.SetTag("messaging.kafka.offset", result.Offset.Value);
            if (result.Message is not null && FormatKey(result.Message.Key) is { } key)
            {
                activity.SetTag("messaging.kafka.message.key", key);
            }

            if (messageId is not null)
            {
                activity.SetTag("messaging.message.id", messageId);
            }
        }

        return activity;
    }

    /// <summary>A W3C <c>traceparent</c> (<c>00-{trace}-{span}-{flags}</c>, 55 bytes) whose sampled bit is clear, read
    /// from the raw bytes: the cheap test every unsampled message takes before any parsing.</summary>
    public static bool CarriesUnsampledTraceParent(Headers? headers)
    {
        if (headers is null || !headers.TryGetLastBytes(TraceParentHeader, out var value) || value is not { Length: 55 } || value[0] != '0' || value[1] != '0')
        {
            return false;
        }

        var low = HexDigit(value[54]);
        return low >= 0 && (low & 1) == 0;
    }

    private static int HexDigit(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        _ => -1,
    };

    /// <summary>The trace context carried in <paramref name="headers"/>, or default when there is none.</summary>
    public static ActivityContext ExtractContext(Headers? headers) => Extract(headers).ActivityContext;

    private static PropagationContext Extract(Headers? headers)
    {
        if (headers is null || headers.Count == 0)
        {
            return default;
        }

        // The common case, a message whose only header is a W3C traceparent (what this project's producers write), is
        // read from its bytes without allocating; anything else (trace state, baggage, other headers) goes through the
        // configured propagator.
        if (TryReadLoneTraceParent(headers, out var context))
        {
            return new PropagationContext(context, default);
        }

        return Propagator.Extract(default, headers, static (carrier, key) => ReadHeader(carrier, key) is { } value ? [value] : []);
    }

    private static bool TryReadLoneTraceParent(Headers headers, out ActivityContext context)
    {
        context = default;
        if (headers.Count != 1 || !headers.TryGetLastBytes(TraceParentHeader, out var value) || value is not { Length: 55 }
            || value[0] != '0' || value[1] != '0' || value[2] != '-' || value[35] != '-' || value[52] != '-')
        {
            return false;
        }

        var span = value.AsSpan();
        if (!IsLowerHex(span[3..35]) || !IsLowerHex(span[36..52]) || !IsLowerHex(span[53..55]))
        {
            return false;
        }

        if (!span[3..35].ContainsAnyExcept((byte)'0') || !span[36..52].ContainsAnyExcept((byte)'0'))
        {
            return true; // well-formed but invalid (all-zero ids): no context, as the W3C spec says
        }

        var traceId = ActivityTraceId.CreateFromUtf8String(span[3..35]);
        var spanId = ActivitySpanId.CreateFromUtf8String(span[36..52]);

        var flags = (ActivityTraceFlags)(HexDigit(span[54]) & 1);
        context = new ActivityContext(traceId, spanId, flags, traceState: null, isRemote: true);
        return true;
    }

    private static bool IsLowerHex(ReadOnlySpan<byte> text)
    {
        foreach (var c in text)
        {
            if (c is not ((>= (byte)'0' and <= (byte)'9') or (>= (byte)'a' and <= (byte)'f')))
            {
                return false;
            }
        }

        return true;
    }

    private static void Inject(Headers headers, ActivityContext context)
    {
        var propagation = new PropagationContext(context, Baggage.Current);
        Propagator.Inject(propagation, headers, static (carrier, key, value) =>
        {
            carrier.Remove(key);
            carrier.Add(key, Encoding.UTF8.GetBytes(value));
        });
    }

    private static string? ReadHeader(Headers headers, string key) =>
        headers.TryGetLastBytes(key, out var bytes) && bytes is not null ? Encoding.UTF8.GetString(bytes) : null;

    private static string? FormatKey<TKey>(TKey key) => key switch
    {
        null or Null or Ignore or byte[] => null,
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => key.ToString(),
    };

    private static void SetError(Activity activity, string errorType, string description)
    {
        activity.SetTag("error.type", errorType);
        activity.SetStatus(ActivityStatusCode.Error, description);
    }
}

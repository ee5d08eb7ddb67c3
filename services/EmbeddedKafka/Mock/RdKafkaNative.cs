using System.Runtime.InteropServices;

namespace OrdersAspire.EmbeddedKafka.Mock;

/// <summary>
/// P/Invoke declarations for the parts of librdkafka (rdkafka.h, rdkafka_mock.h, v2.16.0) used by the mock cluster.
/// Call <see cref="RdKafkaLibrary.EnsureLoaded"/> before any of them. Error codes are <c>rd_kafka_resp_err_t</c> (int).
/// </summary>
internal static unsafe partial class RdKafkaNative
{
    public const int ProducerType = 0; // RD_KAFKA_PRODUCER
    public const int ConfOk = 0;       // RD_KAFKA_CONF_OK

    // rdkafka.h
    [LibraryImport(RdKafkaLibrary.Name, EntryPoint = "rd_kafka_conf_new")]
    public static partial IntPtr ConfNew();

    [LibraryImport(RdKafkaLibrary.Name, EntryPoint = "rd_kafka_conf_destroy")]
    public static partial void ConfDestroy(IntPtr conf);

    [LibraryImport(RdKafkaLibrary.Name, EntryPoint = "rd_kafka_conf_set", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int ConfSet(IntPtr conf, string name, string value, byte* errstr, nuint errstrSize);

    [LibraryImport(RdKafkaLibrary.Name, EntryPoint = "rd_kafka_conf_set_opaque")]
    public static partial void ConfSetOpaque(IntPtr conf, IntPtr opaque);

    [LibraryImport(RdKafkaLibrary.Name, EntryPoint = "rd_kafka_conf_set_log_cb")]
    public static partial void ConfSetLogCallback(
        IntPtr conf, delegate* unmanaged[Cdecl]<IntPtr, int, byte*, byte*, void> logCallback);

    [LibraryImport(RdKafkaLibrary.Name, EntryPoint = "rd_kafka_new")]
    public static partial IntPtr New(int type, IntPtr conf, byte* errstr, nuint errstrSize);

    [LibraryImport(RdKafkaLibrary.Name, EntryPoint = "rd_kafka_destroy")]
    public static partial void Destroy(IntPtr rk);

    [LibraryImport(RdKafkaLibrary.Name, EntryPoint = "rd_kafka_opaque")]
    public static partial IntPtr Opaque(IntPtr rk);

    [LibraryImport(RdKafkaLibrary.Name, EntryPoint = "rd_kafka_err2name")]
    public static partial IntPtr ErrorToName(int err);

    // rdkafka_mock.h
    [LibraryImport(RdKafkaLibrary.Name, EntryPoint = "rd_kafka_mock_cluster_new")]
    public static partial IntPtr MockClusterNew(IntPtr rk, int brokerCount);

    [LibraryImport(RdKafkaLibrary.Name, EntryPoint = "rd_kafka_mock_cluster_destroy")]
    public static partial void MockClusterDestroy(IntPtr mcluster);

    [LibraryImport(RdKafkaLibrary.Name, EntryPoint = "rd_kafka_mock_cluster_bootstraps")]
    public static partial IntPtr MockClusterBootstraps(IntPtr mcluster);

    [LibraryImport(RdKafkaLibrary.Name, EntryPoint = "rd_kafka_mock_set_controller_id")]
    public static partial void MockSetControllerId(IntPtr mcluster, int controllerId);

    [LibraryImport(RdKafkaLibrary.Name, EntryPoint = "rd_kafka_mock_topic_create", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int MockTopicCreate(IntPtr mcluster, string topic, int partitionCount, int replicationFactor);

    [LibraryImport(RdKafkaLibrary.Name, EntryPoint = "rd_kafka_mock_broker_set_down")]
    public static partial int MockBrokerSetDown(IntPtr mcluster, int brokerId);

    [LibraryImport(RdKafkaLibrary.Name, EntryPoint = "rd_kafka_mock_broker_set_up")]
    public static partial int MockBrokerSetUp(IntPtr mcluster, int brokerId);

    [LibraryImport(RdKafkaLibrary.Name, EntryPoint = "rd_kafka_mock_broker_set_rtt")]
    public static partial int MockBrokerSetRtt(IntPtr mcluster, int brokerId, int rttMs);

    [LibraryImport(RdKafkaLibrary.Name, EntryPoint = "rd_kafka_mock_push_request_errors_array")]
    public static partial void MockPushRequestErrorsArray(IntPtr mcluster, short apiKey, nuint count, int* errors);

    [LibraryImport(RdKafkaLibrary.Name, EntryPoint = "rd_kafka_mock_clear_request_errors")]
    public static partial void MockClearRequestErrors(IntPtr mcluster, short apiKey);

    [LibraryImport(RdKafkaLibrary.Name, EntryPoint = "rd_kafka_mock_coordinator_set", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int MockCoordinatorSet(IntPtr mcluster, string keyType, string key, int brokerId);

    [LibraryImport(RdKafkaLibrary.Name, EntryPoint = "rd_kafka_mock_partition_set_leader", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int MockPartitionSetLeader(IntPtr mcluster, string topic, int partition, int brokerId);

    [LibraryImport(RdKafkaLibrary.Name, EntryPoint = "rd_kafka_mock_group_initial_rebalance_delay_ms")]
    public static partial void MockGroupInitialRebalanceDelayMs(IntPtr mcluster, int delayMs);

    [LibraryImport(RdKafkaLibrary.Name, EntryPoint = "rd_kafka_mock_set_group_consumer_session_timeout_ms")]
    public static partial void MockSetGroupConsumerSessionTimeoutMs(IntPtr mcluster, int sessionTimeoutMs);

    [LibraryImport(RdKafkaLibrary.Name, EntryPoint = "rd_kafka_mock_set_group_consumer_heartbeat_interval_ms")]
    public static partial void MockSetGroupConsumerHeartbeatIntervalMs(IntPtr mcluster, int heartbeatIntervalMs);
}

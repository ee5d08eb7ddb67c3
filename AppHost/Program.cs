using OrdersAspire.AppHost;
using OrdersAspire.AppHost.Kafka;
using OrdersAspire.AppHost.Observability;
using OrdersAspire.AppHost.Scaling;
using OrdersAspire.AppHost.Topology;
using OrdersAspire.GroupContracts.Groups;

var builder = DistributedApplication.CreateBuilder(args);

// Topology: one section of appsettings.json (partitions, replicas, strategies); refused at start if invalid.
var topology = TopologyValidator.Read(builder.Configuration);
var dataDirectory = builder.PrepareDataDirectory(topology);
builder.UseMetricExportInterval();

// The key for admin operations (offset reset, fault injection): Parameters:admin-key, else generated and kept
// in user secrets; shown as a secret parameter in the dashboard.
var adminKey = builder.AddParameter(ResourceNames.AdminKey, new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: true);

// Kafka: embedded (default), container or external, by Kafka:Mode.
var kafka = builder.AddKafka(ResourceNames.Kafka,
[
    new KafkaTopic(topology.Topic, topology.Partitions),
    new KafkaTopic(topology.DeadLetterTopic, 3),
    new KafkaTopic(topology.ReportsTopic, 1),
], faultApiKey: adminKey);

// load-generator → order-events, on the fixed port of the lesson's curl line.
var loadGenerator = builder.AddProject<Projects.LoadGenerator>(ResourceNames.LoadGenerator)
    .WithEndpoint("http", endpoint => endpoint.Port = topology.LoadGeneratorPort)
    .WithKafka(kafka)
    .WithEnvironment("LoadGenerator__Topic", topology.Topic)
    .WithHttpHealthCheck("/health");

// order-events → two consumer groups, each with its own replicas, strategy and effect store.
// Each group scales live from the dashboard ("Add replica" / "Remove replica", or ConsumerGroupScaler), up to MaxReplicas.
var orderProcessors = builder.AddProject<Projects.OrderProcessors>(ResourceNames.OrderProcessors)
    .WithLiveScaling(topology.OrderProcessors, topology, "Topology:OrderProcessors")
    .WithKafka(kafka)
    .WithConsumerGroup(GroupDefaults.OrderProcessors.GroupId, topology.OrderProcessors, topology, dataDirectory)
    .WithHttpHealthCheck("/health");

var analytics = builder.AddProject<Projects.Analytics>(ResourceNames.Analytics)
    .WithLiveScaling(topology.Analytics, topology, "Topology:Analytics")
    .WithKafka(kafka)
    .WithConsumerGroup(GroupDefaults.Analytics.GroupId, topology.Analytics, topology, dataDirectory)
    .WithHttpHealthCheck("/health");

// analyzer: lag, members, balance and alerts for both groups.
builder.AddProject<Projects.Analyzer>(ResourceNames.Analyzer)
    .WithKafka(kafka)
    .WithEnvironment("Analyzer__Topic", topology.Topic)
    .WithEnvironment("Analyzer__ReportsTopic", topology.ReportsTopic)
    .WithEnvironment("Analyzer__Groups__0", GroupDefaults.OrderProcessors.GroupId)
    .WithEnvironment("Analyzer__Groups__1", GroupDefaults.Analytics.GroupId)
    .WithEnvironment("Analyzer__AdminKey", adminKey)
    // Autoscaling by lag: the analyzer decides by Topology:*:Autoscale, the AppHost applies where enabled.
    .WithAutoscaling((GroupDefaults.OrderProcessors.GroupId, topology.OrderProcessors.Autoscale), (GroupDefaults.Analytics.GroupId, topology.Analytics.Autoscale))
    .WithHttpHealthCheck("/alive")
    .WithReference(loadGenerator)
    .WaitForReplicas(orderProcessors)
    .WaitForReplicas(analytics);

// Prometheus scrapes every replica (file_sd kept current by the AppHost); Grafana where Docker exists.
var prometheus = builder.AddPrometheus(ResourceNames.Prometheus, ResourceNames.Scraped);
builder.AddGrafana(ResourceNames.Grafana, prometheus);

builder.Build().Run();

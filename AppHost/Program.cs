using OrdersAspire.AppHost;
using OrdersAspire.AppHost.Kafka;
using OrdersAspire.AppHost.Observability;
using OrdersAspire.AppHost.Scaling;
using OrdersAspire.AppHost.Topology;

var builder = DistributedApplication.CreateBuilder(args);

// Topology: one section of appsettings.json (partitions, replicas, strategies); refused at start if invalid.
var topology = TopologyValidator.Read(builder.Configuration);
var dataDirectory = builder.PrepareDataDirectory(topology);
builder.UseMetricExportInterval();

// The key for admin operations (offset reset, fault injection): Parameters:admin-key, else generated and kept
// in user secrets; shown as a secret parameter in the dashboard.
var adminKey = builder.AddParameter("admin-key", new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: true);

// Kafka: embedded (default), container or external, by Kafka:Mode.
var kafka = builder.AddKafka("kafka",
[
    new KafkaTopic(topology.Topic, topology.Partitions),
    new KafkaTopic(topology.DeadLetterTopic, 3),
    new KafkaTopic(topology.ReportsTopic, 1),
], faultApiKey: adminKey);

// load-generator → order-events, on the fixed port of the lesson's curl line.
var loadGenerator = builder.AddProject<Projects.LoadGenerator>("load-generator")
    .WithEndpoint("http", endpoint => endpoint.Port = topology.LoadGeneratorPort)
    .WithKafka(kafka)
    .WithEnvironment("LoadGenerator__Topic", topology.Topic)
    .WithHttpHealthCheck("/health");

// order-events → two consumer groups, each with its own replicas, strategy and effect store.
var orderProcessors = builder.AddProject<Projects.OrderProcessors>("order-processors")
    .WithReplicas(topology.OrderProcessors.Replicas)
    .WithKafka(kafka)
    .WithConsumerGroup("order-processors", topology.OrderProcessors, topology, dataDirectory)
    .WithHttpHealthCheck("/health");

var analytics = builder.AddProject<Projects.Analytics>("analytics")
    .WithReplicas(topology.Analytics.Replicas)
    .WithKafka(kafka)
    .WithConsumerGroup("analytics", topology.Analytics, topology, dataDirectory)
    .WithHttpHealthCheck("/health");

// analyzer: lag, members, balance and alerts for both groups.
builder.AddProject<Projects.Analyzer>("analyzer")
    .WithKafka(kafka)
    .WithEnvironment("Analyzer__Topic", topology.Topic)
    .WithEnvironment("Analyzer__ReportsTopic", topology.ReportsTopic)
    .WithEnvironment("Analyzer__Groups__0", "order-processors")
    .WithEnvironment("Analyzer__Groups__1", "analytics")
    .WithEnvironment("Analyzer__AdminKey", adminKey)
    // Autoscaling by lag: the analyzer decides by Topology:*:Autoscale, the AppHost applies where enabled.
    .WithAutoscaling(("order-processors", topology.OrderProcessors.Autoscale), ("analytics", topology.Analytics.Autoscale))
    .WithHttpHealthCheck("/alive")
    .WithReference(loadGenerator)
    .WaitFor(orderProcessors)
    .WaitFor(analytics);

// Prometheus scrapes every replica (file_sd kept current by the AppHost); Grafana where Docker exists.
var prometheus = builder.AddPrometheus("prometheus", ["kafka-broker", "load-generator", "order-processors", "analytics", "analyzer"]);
builder.AddGrafana("grafana", prometheus);

builder.Build().Run();

-- One database per consumer group: each service owns its store (both keep a partition_counters table).
CREATE DATABASE order_processors;
CREATE DATABASE analytics;

namespace OrdersAspire.Reliability.Tests.BadHttpInput;

/// <summary>One endpoint to attack: method, path template ({name} segments are replaced by fuzzed values) and
/// whether it reads a body.</summary>
public sealed record FuzzEndpoint(string Method, string Template, bool HasBody = false);

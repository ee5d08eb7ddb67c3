using k8s.Models;

namespace OrdersAspire.Deployment.Tests.Support;

/// <summary>Kubernetes label selector matching (matchLabels and the set-based matchExpressions).</summary>
public static class LabelSelectors
{
    public static bool Matches(V1LabelSelector selector, IDictionary<string, string>? labels)
    {
        var matchLabels = selector.MatchLabels ?? new Dictionary<string, string>();
        var expressions = selector.MatchExpressions ?? [];
        if (matchLabels.Count == 0 && expressions.Count == 0)
        {
            return true;
        }

        return matchLabels.All(l => labels.Find(l.Key) == l.Value) && expressions.All(e => Matches(e, labels.Find(e.Key)));
    }

    private static bool Matches(V1LabelSelectorRequirement requirement, string? value) => requirement.OperatorProperty switch
    {
        "In" => value is not null && requirement.Values.Contains(value),
        "NotIn" => value is null || !requirement.Values.Contains(value),
        "Exists" => value is not null,
        "DoesNotExist" => value is null,
        _ => throw new NotSupportedException($"label selector operator {requirement.OperatorProperty}"),
    };
}

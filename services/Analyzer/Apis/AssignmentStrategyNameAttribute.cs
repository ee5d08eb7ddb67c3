using System.ComponentModel.DataAnnotations;
using OrdersAspire.GroupContracts.Assignment;

namespace OrdersAspire.Analyzer.Apis;

/// <summary>A value that is absent or one of <see cref="AssignmentStrategies.Names"/> (as <see cref="AssignmentStrategies.TryParse"/>
/// reads it), checked by Minimal API validation like the other query values.</summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property)]
public sealed class AssignmentStrategyNameAttribute : ValidationAttribute
{
    public override bool IsValid(object? value) => value is null || (value is string name && AssignmentStrategies.TryParse(name, out _));

    public override string FormatErrorMessage(string name) =>
        $"'{name}' must be one of {string.Join(", ", AssignmentStrategies.Names)}";
}

namespace Portal.Engine.Templates;

/// <summary>
/// Admin-defined launch templates, offered first on the Launch page. Changes are validated like a launch (the
/// image must be allowed, no GPU variables) and audited with the acting admin's name.
/// </summary>
public interface ITemplateService
{
    Task<IReadOnlyList<TemplateView>> ListAsync(CancellationToken cancellationToken);

    Task<TemplateView?> GetAsync(Guid id, CancellationToken cancellationToken);

    Task<TemplateResult> CreateAsync(string actor, TemplateInput input, CancellationToken cancellationToken);

    Task<TemplateResult> UpdateAsync(string actor, Guid id, TemplateInput input, CancellationToken cancellationToken);

    /// <summary>Returns false when there was no such template.</summary>
    Task<bool> DeleteAsync(string actor, Guid id, CancellationToken cancellationToken);
}

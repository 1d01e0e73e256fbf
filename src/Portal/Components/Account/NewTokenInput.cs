using System.ComponentModel.DataAnnotations;

namespace Portal.Components.Account;

/// <summary>What the new-token form posts.</summary>
public sealed class NewTokenInput
{
    [Required(ErrorMessage = "Name the token after where it is used, such as 'laptop'.")]
    [StringLength(100)]
    public string Name { get; set; } = string.Empty;
}

using System.ComponentModel.DataAnnotations;
using Portal.Configuration;

namespace Portal.Components.Account;

/// <summary>What the change-password form posts.</summary>
public sealed class ChangePasswordInput
{
    [Required(ErrorMessage = "Enter your current password.")]
    public string CurrentPassword { get; set; } = string.Empty;

    [Required(ErrorMessage = "Enter a new password.")]
    [MinLength(PasswordRules.MinimumLength, ErrorMessage = "The new password needs at least 10 characters.")]
    public string NewPassword { get; set; } = string.Empty;

    [Compare(nameof(NewPassword), ErrorMessage = "The two new passwords differ.")]
    public string ConfirmPassword { get; set; } = string.Empty;
}

using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using Portal.Accounts;
using Portal.Data.Entities;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Accounts;

/// <summary>Mapping an organisational sign-in to a portal user, on the real database.</summary>
public sealed class ExternalUserMapperTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    private ExternalUserMapper Mapper => factory.Services.GetRequiredService<ExternalUserMapper>();

    [Fact]
    public async Task Map_FirstSignIn_CreatesAnOrganisationalMember()
    {
        var name = ApiClientExtensions.UniqueUserName("ada");

        var result = await Mapper.MapAsync(Person(Guid.NewGuid(), $"{name}@lab.example", "Ada Lovelace"), TestTimeout.Token()).WithTimeout();

        Assert.True(result.Created);
        Assert.Null(result.Error);
        Assert.Equal(name, result.User?.UserName);
        var summary = await factory.Accounts.FindAsync(name, TestTimeout.Token()).WithTimeout();
        Assert.NotNull(summary);
        Assert.Equal(PortalRoles.Member, summary.Role);
        Assert.True(summary.IsOrganisational);
        Assert.Equal("Ada Lovelace", summary.DisplayName);
        Assert.Equal($"{name}@lab.example", summary.Email);
    }

    [Fact]
    public async Task Map_SecondSignIn_ReturnsTheSameUser()
    {
        var objectId = Guid.NewGuid();
        var name = ApiClientExtensions.UniqueUserName("grace");
        var first = await Mapper.MapAsync(Person(objectId, $"{name}@lab.example"), TestTimeout.Token()).WithTimeout();

        // The same person, even with a changed preferred name, is found by tenant and object id.
        var second = await Mapper.MapAsync(Person(objectId, $"renamed-{name}@lab.example"), TestTimeout.Token()).WithTimeout();

        Assert.False(second.Created);
        Assert.Equal(first.User?.Id, second.User?.Id);
        Assert.Equal(name, second.User?.UserName);
    }

    [Fact]
    public async Task Map_LocalUserHasTheName_CreatesASuffixedUserAndLeavesTheLocalOneAlone()
    {
        var local = await factory.CreateUserAsync("local");

        var result = await Mapper.MapAsync(Person(Guid.NewGuid(), $"{local.ToUpperInvariant()}@lab.example"), TestTimeout.Token()).WithTimeout();

        Assert.True(result.Created);
        Assert.Equal($"{local}-2", result.User?.UserName);
        var localUser = await factory.Accounts.FindAsync(local, TestTimeout.Token()).WithTimeout();
        Assert.NotNull(localUser);
        Assert.NotEqual(localUser.Id, result.User?.Id);
        Assert.False(localUser.IsOrganisational);
    }

    [Fact]
    public async Task Map_DisabledUser_Refuses()
    {
        var objectId = Guid.NewGuid();
        var first = await Mapper.MapAsync(Person(objectId, $"{ApiClientExtensions.UniqueUserName("ex")}@lab.example"), TestTimeout.Token()).WithTimeout();
        var disabled = await factory.Accounts.SetDisabledAsync(PortalAppFactory.AdminUserName, first.User!.UserName!, disabled: true, TestTimeout.Token()).WithTimeout();
        Assert.True(disabled.Succeeded, disabled.Message);

        var result = await Mapper.MapAsync(Person(objectId, "whoever@lab.example"), TestTimeout.Token()).WithTimeout();

        Assert.Null(result.User);
        Assert.False(result.Created);
        Assert.Contains("disabled", result.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Map_SameObjectIdInAnotherTenant_CreatesAnotherUser()
    {
        var objectId = Guid.NewGuid();
        var name = ApiClientExtensions.UniqueUserName("tenant");
        var home = await Mapper.MapAsync(Person(objectId, $"{name}@lab.example"), TestTimeout.Token()).WithTimeout();

        var guest = await Mapper.MapAsync(Person(objectId, $"{name}@lab.example", tenantId: Guid.NewGuid().ToString()), TestTimeout.Token()).WithTimeout();

        Assert.True(guest.Created);
        Assert.NotEqual(home.User?.Id, guest.User?.Id);
    }

    [Fact]
    public async Task Map_NoObjectId_Refuses()
    {
        var principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim("preferred_username", "someone@lab.example")], "OpenIdConnect"));

        var result = await Mapper.MapAsync(principal, TestTimeout.Token()).WithTimeout();

        Assert.Null(result.User);
        Assert.NotNull(result.Error);
    }

    [Theory]
    [InlineData("Ada.Lovelace@lab.example", "ada.lovelace")]
    [InlineData("_x@lab.example", "user")]
    [InlineData("Jürgen Müller", "jrgenmller")]
    [InlineData("a-very-long-preferred-user-name-indeed@lab.example", "a-very-long-preferred-user-na")]
    public void ProposeUserName_PreferredName_KeepsOnlyAllowedCharacters(string preferred, string expected)
    {
        Assert.Equal(expected, ExternalUserMapper.ProposeUserName(preferred));
    }

    private static ClaimsPrincipal Person(Guid objectId, string preferredUserName, string? name = null, string tenantId = "11111111-2222-3333-4444-555555555555")
    {
        var claims = new List<Claim>
        {
            new("oid", objectId.ToString()),
            new("tid", tenantId),
            new("preferred_username", preferredUserName),
        };
        if (name is not null)
        {
            claims.Add(new Claim("name", name));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, "OpenIdConnect"));
    }
}

using System.Net;
using Connectivity.Tests.Api;
using Connectivity.Tests.Infrastructure;
using Connectivity.Tests.Lookups;
using static Connectivity.Tests.Api.KazooClient;

namespace Connectivity.Tests.Operations;

/// <summary>A write's statements are prepared on their connections; a migration under a running replica must not fail its writes.</summary>
public sealed class PreparedStatementTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task A_schema_change_that_alters_a_prepared_statements_result_does_not_fail_the_next_writes()
    {
        var account = ApiFixture.NewId();
        var owner = api.AccountClient(account);
        // Enough writes that every pooled connection has prepared the write's statements.
        for (var i = 0; i < 12; i++)
            Assert.Equal(HttpStatusCode.Created, (await owner.PutAsync(Collection(account), TestDocuments.Trunk(TestDocuments.NewNumber()))).Status);

        // A column the write's inventory check reads changes type: PostgreSQL refuses the statements prepared before.
        await Sql.ExecuteAsync(api.ConnectionString, "ALTER TABLE phone_numbers ALTER COLUMN used_by TYPE varchar(40)");

        for (var i = 0; i < 12; i++)
        {
            var number = TestDocuments.NewNumber();
            var created = await owner.PutAsync(Collection(account), TestDocuments.Trunk(number));
            Assert.Equal(HttpStatusCode.Created, created.Status);
            Assert.Equal(HttpStatusCode.OK, (await api.LookupClient().GetAsync(LookupTesting.Did(number))).Status);
        }
    }
}

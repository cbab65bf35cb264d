using VNetEmu.Scenarios.Tests.Runner;
using VNetEmu.Scripting.Runtime;

namespace VNetEmu.Scenarios.Tests.Apps;

/// <summary>The redis, postgres and mysql images as containers: their servers are the main process, reached by name
/// through Docker's embedded DNS, and their entrypoints' password checks stop them as the real images do.</summary>
public class DatabaseImageTests
{
    private static RunResult Run(string script) => ScenarioHarness.Run(script, Path.GetTempPath());

    [Fact]
    public void RedisCli_AgainstTheRedisContainer_ByName()
    {
        RunResult r = Run("""
            docker network create backend
            docker run -d --name db --network backend redis
            docker run --rm --network backend redis redis-cli -h db SET hits 41
            docker run --rm --network backend redis redis-cli -h db INCR hits
            docker exec db redis-cli GET hits
            ! docker run --rm redis redis-cli -h db PING
            docker logs db
            """);
        Assert.True(r.Success, r.Error);
        Assert.Contains("redis-cli -h db SET hits 41\nOK\n", r.Transcript);
        Assert.Contains("redis-cli -h db INCR hits\n42\n", r.Transcript);
        Assert.Contains("docker exec db redis-cli GET hits\n42\n", r.Transcript);
        Assert.Contains("Could not connect to Redis at db:6379: Name or service not known\n", r.Transcript);
        Assert.Contains("1:M 01 Jan 2026 00:00:00.000 * Ready to accept connections tcp\n", r.Transcript);
    }

    [Fact]
    public void Mysql_HandshakeBytes_SeenWithNc()
    {
        RunResult r = Run("""
            docker network create backend
            docker run -d --name sql --network backend -e MYSQL_ROOT_PASSWORD=secret mysql
            docker run --rm --network backend busybox nc -w 1 sql 3306 | grep -o caching_sha2_password
            docker run --rm --network backend busybox nc -w 1 sql 3306 | grep -c 8.0.40
            """);
        Assert.True(r.Success, r.Error);
        Assert.Contains("grep -o caching_sha2_password\ncaching_sha2_password\n", r.Transcript);
        Assert.Contains("grep -c 8.0.40\n1\n", r.Transcript);
    }

    [Fact]
    public void Postgres_WithoutPassword_ExitsWithTheImagesError_WithOne_NcZSucceeds()
    {
        RunResult r = Run("""
            docker network create backend
            ! docker run --name pg0 postgres
            docker ps -a --format '{{.Names}} {{.Status}}'
            docker run -d --name pg --network backend -e POSTGRES_PASSWORD=secret postgres
            docker run --rm --network backend busybox nc -z -w 1 pg 5432
            ! docker run --rm --network backend busybox nc -z -w 1 pg 5433
            """);
        Assert.True(r.Success, r.Error);
        Assert.Contains("! docker run --name pg0 postgres\n[stderr]\nError: Database is uninitialized and superuser password is not specified.\n", r.Transcript);
        Assert.Contains("https://www.postgresql.org/docs/current/auth-trust.html\n[exit 1]\n", r.Transcript);
        Assert.Contains("pg0 Exited (1) ", r.Transcript);
        Assert.Contains("nc -z -w 1 pg 5432\n$ ", r.Transcript);
    }

    [Fact]
    public void Mysql_WithoutPassword_Exits1_AndServerOptionsNotEmulatedSaySo()
    {
        RunResult r = Run("""
            docker run -d --name m0 mysql
            docker logs m0
            docker inspect -f '{{.State.ExitCode}}' m0
            ! docker run --rm -e MYSQL_ROOT_PASSWORD=x mysql mysqld --innodb-buffer-pool-size=1G
            ! docker run --rm redis redis-server --appendonly yes
            """);
        Assert.True(r.Success, r.Error);
        Assert.Contains("[ERROR] [Entrypoint]: Database is uninitialized and password option is not specified\n    You need to specify one of the following as an environment variable:\n", r.Transcript);
        Assert.Contains("-f '{{.State.ExitCode}}' m0\n1\n", r.Transcript);
        Assert.Contains("vnetemu: mysqld option --innodb-buffer-pool-size=1G is not emulated\n", r.Transcript);
        Assert.Contains("vnetemu: redis-server option --appendonly is not emulated\n", r.Transcript);
    }
}

using Portal.Gpus;

namespace Portal.Api;

/// <summary>The body of <c>GET /api/v1/gpus</c>: every GPU, who holds what, and whether the inventory could be read.</summary>
public sealed record GpuBoardResponse(
    DateTimeOffset ReadAt,
    string? Error,
    string? DriverVersion,
    string? CudaVersion,
    int Total,
    int Free,
    int Held,
    IReadOnlyList<GpuResponse> Gpus)
{
    public static GpuBoardResponse From(GpuBoardView board) => new(
        board.Snapshot.ReadAt,
        board.Snapshot.IsUnknown ? "The GPUs have not been read yet." : board.Snapshot.Error,
        board.Snapshot.DriverVersion,
        board.Snapshot.CudaVersion,
        board.UnitCount,
        board.FreeCount,
        board.HeldCount,
        board.Cards.Select(GpuResponse.From).ToList());
}

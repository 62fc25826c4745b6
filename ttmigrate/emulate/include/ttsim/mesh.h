// Emulated Mesh API of tt-metal v0.81.1 (tt-metalium/distributed.hpp, mesh_device.hpp,
// mesh_buffer.hpp): a unit mesh of one device, replicated mesh buffers over the emulated DRAM, and
// mesh workloads that run one program. Only the forms a single-device host program uses are here;
// the parameters of create_unit_mesh after num_command_queues (dispatch core config, L1 bank
// remap, worker L1 size) are not modelled.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "ttsim/host.h"

namespace tt::tt_metal {
using DeviceAddr = std::uint64_t;
constexpr std::size_t DEFAULT_L1_SMALL_SIZE = 0;
constexpr std::size_t DEFAULT_TRACE_REGION_SIZE = 0;
}  // namespace tt::tt_metal

namespace tt::tt_metal::distributed {

class MeshShape {
public:
    MeshShape(std::uint32_t rows, std::uint32_t cols) : rows_(rows), cols_(cols) {}
    std::size_t mesh_size() const { return static_cast<std::size_t>(rows_) * cols_; }

private:
    std::uint32_t rows_;
    std::uint32_t cols_;
};

class MeshCoordinateRange {
public:
    explicit MeshCoordinateRange(const MeshShape& shape) : devices_(shape.mesh_size()) {}
    std::size_t size() const { return devices_; }

private:
    std::size_t devices_;
};

class MeshDevice;

class MeshCommandQueue {
public:
    explicit MeshCommandQueue(MeshDevice* device) : device_(device) {}
    MeshDevice* device() const { return device_; }

private:
    MeshDevice* device_;
};

class MeshDevice {
public:
    explicit MeshDevice(int id) : id_(id), queue_(this) {}
    static std::shared_ptr<MeshDevice> create_unit_mesh(int device_id,
                                                        std::size_t l1_small_size = DEFAULT_L1_SMALL_SIZE,
                                                        std::size_t trace_region_size = DEFAULT_TRACE_REGION_SIZE,
                                                        std::size_t num_command_queues = 1);
    MeshCommandQueue& mesh_command_queue(std::optional<std::uint8_t> cq_id = std::nullopt);
    const MeshShape& shape() const { return shape_; }
    int id() const { return id_; }
    CoreCoord compute_with_storage_grid_size() const { return CoreCoord{8, 8}; }
    bool close();
    bool is_closed() const { return closed_; }

private:
    int id_;
    MeshCommandQueue queue_;
    MeshShape shape_{1, 1};
    bool closed_ = false;
};

struct ReplicatedBufferConfig {
    DeviceAddr size = 0;
};

struct DeviceLocalBufferConfig {
    DeviceAddr page_size = 0;
    BufferType buffer_type = BufferType::DRAM;
    bool bottom_up = false;
};

class MeshBuffer {
public:
    static std::shared_ptr<MeshBuffer> create(const ReplicatedBufferConfig& mesh_buffer_config,
                                              const DeviceLocalBufferConfig& device_local_config,
                                              MeshDevice* mesh_device, std::optional<DeviceAddr> address = std::nullopt);
    DeviceAddr address() const { return buffer_->address(); }
    DeviceAddr size() const { return buffer_->size(); }
    MeshDevice* device() const { return device_; }
    Buffer& backing() const { return *buffer_; }

private:
    MeshBuffer(std::shared_ptr<Buffer> buffer, MeshDevice* device) : buffer_(std::move(buffer)), device_(device) {}
    std::shared_ptr<Buffer> buffer_;
    MeshDevice* device_;
};

class MeshWorkload {
public:
    MeshWorkload() = default;
    void add_program(const MeshCoordinateRange& device_range, Program&& program);
    std::vector<Program>& programs() { return programs_; }

private:
    std::vector<Program> programs_;
};

void EnqueueMeshWorkload(MeshCommandQueue& mesh_cq, MeshWorkload& mesh_workload, bool blocking);
void Finish(MeshCommandQueue& mesh_cq);

// Host vector -> every device's copy of a replicated buffer; the vector must hold exactly the
// buffer's bytes.
template <typename DType>
void EnqueueWriteMeshBuffer(MeshCommandQueue& mesh_cq, std::shared_ptr<MeshBuffer>& mesh_buffer,
                            std::vector<DType>& src, bool blocking = false) {
    (void)mesh_cq;
    (void)blocking;
    if (!mesh_buffer) {
        ttsim::host_fault("host-null-buffer", "EnqueueWriteMeshBuffer: null buffer");
    }
    ttsim::write_buffer(mesh_buffer->backing(), src.data(), src.size() * sizeof(DType));
}

// Buffer -> host vector; the vector is resized to the buffer's size.
template <typename DType>
void EnqueueReadMeshBuffer(MeshCommandQueue& mesh_cq, std::vector<DType>& dst,
                           std::shared_ptr<MeshBuffer>& mesh_buffer, bool blocking = true) {
    (void)mesh_cq;
    (void)blocking;
    if (!mesh_buffer) {
        ttsim::host_fault("host-null-buffer", "EnqueueReadMeshBuffer: null buffer");
    }
    dst.resize(static_cast<std::size_t>(mesh_buffer->size() / sizeof(DType)));
    ttsim::read_buffer(mesh_buffer->backing(), dst.data());
}

}  // namespace tt::tt_metal::distributed

package bench

import (
	"bufio"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// clockTicks is USER_HZ, the unit of the CPU times in /proc/<pid>/stat: 100
// on every Linux architecture Go supports (the kernel fixes it for the
// user-space ABI).
const clockTicks = 100

// ProcCPUSeconds returns the CPU time (user + system, all threads) process
// pid has used, from /proc/<pid>/stat.
func ProcCPUSeconds(pid int) (float64, error) {
	bz, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	return parseStatCPU(string(bz))
}

// parseStatCPU reads utime and stime (fields 14 and 15) of a /proc/<pid>/stat
// line. The command name (field 2) is in parentheses and may contain spaces
// or parentheses, so fields are counted after its last ')'.
func parseStatCPU(stat string) (float64, error) {
	i := strings.LastIndexByte(stat, ')')
	if i < 0 {
		return 0, fmt.Errorf("malformed stat line %q", stat)
	}
	f := strings.Fields(stat[i+1:])
	// f[0] is field 3 (state); utime is field 14 → f[11], stime f[12].
	if len(f) < 13 {
		return 0, fmt.Errorf("malformed stat line %q", stat)
	}
	utime, err := strconv.ParseUint(f[11], 10, 64)
	if err != nil {
		return 0, err
	}
	stime, err := strconv.ParseUint(f[12], 10, 64)
	if err != nil {
		return 0, err
	}
	return float64(utime+stime) / clockTicks, nil
}

// ProcMemory returns the resident set size and its peak (VmRSS and VmHWM) of
// process pid, in bytes, from /proc/<pid>/status.
func ProcMemory(pid int) (rss, peak uint64, err error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0, err
	}
	defer func() { _ = f.Close() }()
	return parseStatusMemory(f)
}

func parseStatusMemory(f interface{ Read([]byte) (int, error) }) (rss, peak uint64, err error) {
	s := bufio.NewScanner(f)
	for s.Scan() {
		k, v, ok := strings.Cut(s.Text(), ":")
		if !ok || (k != "VmRSS" && k != "VmHWM") {
			continue
		}
		fields := strings.Fields(v)
		if len(fields) != 2 || fields[1] != "kB" {
			return 0, 0, fmt.Errorf("malformed %s line %q", k, s.Text())
		}
		n, err := strconv.ParseUint(fields[0], 10, 64)
		if err != nil {
			return 0, 0, err
		}
		if k == "VmRSS" {
			rss = n * 1024
		} else {
			peak = n * 1024
		}
	}
	return rss, peak, s.Err()
}

// HostCPU is a reading of the machine's CPU counters (/proc/stat, first
// line), to tell how busy the machine was during a window.
type HostCPU struct {
	Busy, Total uint64
}

// ReadHostCPU reads /proc/stat.
func ReadHostCPU() (HostCPU, error) {
	bz, err := os.ReadFile("/proc/stat")
	if err != nil {
		return HostCPU{}, err
	}
	line, _, _ := strings.Cut(string(bz), "\n")
	return parseHostCPU(line)
}

func parseHostCPU(line string) (HostCPU, error) {
	f := strings.Fields(line)
	if len(f) < 5 || f[0] != "cpu" {
		return HostCPU{}, fmt.Errorf("malformed /proc/stat line %q", line)
	}
	var h HostCPU
	for i, s := range f[1:] {
		v, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			return HostCPU{}, err
		}
		// guest and guest_nice (fields 9, 10) are already in user and nice.
		if i >= 8 {
			break
		}
		h.Total += v
		if i != 3 && i != 4 { // idle, iowait
			h.Busy += v
		}
	}
	return h, nil
}

// BusyCores returns how many cores were busy on average between a and b.
func BusyCores(a, b HostCPU, cpus int) float64 {
	if b.Total <= a.Total {
		return 0
	}
	return float64(b.Busy-a.Busy) / float64(b.Total-a.Total) * float64(cpus)
}

// LoadAverage returns the 1-minute load average of the machine.
func LoadAverage() float64 {
	bz, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(bz))
	if len(f) == 0 {
		return 0
	}
	v, _ := strconv.ParseFloat(f[0], 64)
	return v
}

// SelfCPUSeconds returns the CPU time the bench process itself has used.
func SelfCPUSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	tv := func(t syscall.Timeval) float64 { return float64(t.Sec) + float64(t.Usec)/1e6 }
	return tv(ru.Utime) + tv(ru.Stime)
}

// Host describes the machine a report comes from.
type Host struct {
	Hostname string  `json:"hostname"`
	CPUs     int     `json:"cpus"`
	CPUModel string  `json:"cpu_model"`
	MemoryGB float64 `json:"memory_gb"`
	Kernel   string  `json:"kernel"`
	Go       string  `json:"go"`
	Time     string  `json:"time"`
}

// ReadHost describes this machine.
func ReadHost() Host {
	h := Host{CPUs: runtime.NumCPU(), Go: runtime.Version(), Time: time.Now().UTC().Format(time.RFC3339)}
	h.Hostname, _ = os.Hostname()
	if bz, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(bz), "\n") {
			if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
				h.CPUModel = strings.TrimSpace(v)
				break
			}
		}
	}
	if bz, err := os.ReadFile("/proc/meminfo"); err == nil {
		for _, l := range strings.Split(string(bz), "\n") {
			if k, v, ok := strings.Cut(l, ":"); ok && k == "MemTotal" {
				if f := strings.Fields(v); len(f) > 0 {
					kb, _ := strconv.ParseFloat(f[0], 64)
					h.MemoryGB = kb / 1024 / 1024
				}
				break
			}
		}
	}
	if bz, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		h.Kernel = strings.TrimSpace(string(bz))
	}
	return h
}

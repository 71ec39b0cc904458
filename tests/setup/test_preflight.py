"""kubeadm v1.32's preflight on the notes' machine and on one that works today.

Golden text: kubeadm v1.32 on CentOS 7 (kernel 3.10) and on hosts with Docker Engine's
containerd (CRI plugin off) or with both containerd and cri-dockerd, as users reported it.
"""
import kubelab
from kubelab.setup import shell

NOTES_INIT = ("kubeadm init --image-repository registry.aliyuncs.com/google_containers "
              "--pod-network-cidr=10.244.0.0/16 --ignore-preflight-errors=Swap")
CRI = " --cri-socket unix:///var/run/cri-dockerd.sock"


def sh(c, host, text):
    return shell.run(c, c.machines[host], text)


def test_the_notes_machine_stops_at_system_verification():
    c = kubelab.Cluster(profile="bare", machines=1, swap=True, os="centos7")
    r = sh(c, "master", NOTES_INIT)
    assert r.returncode == 1
    assert ("\t[ERROR SystemVerification]: kernel release 3.10.0-1160.el7.x86_64 is unsupported. Recommended LTS "
            "version from the 4.x series is 4.19. Any 5.x or 6.x versions are also supported. For cgroups v2 support, "
            "the minimal version is 4.15 and the recommended version is 5.8+\n") in r.stderr
    assert "\t[ERROR SystemVerification]: unexpected kernel config: CONFIG_CGROUP_BPF\n" in r.stderr
    assert ("\t[WARNING SystemVerification]: cgroups v1 support is in maintenance mode, please migrate to "
            "cgroups v2\n") in r.stdout
    assert "[preflight] The system verification failed. Printing the output from the verification:\n" in r.stdout
    assert "KERNEL_VERSION: 3.10.0-1160.el7.x86_64\n" in r.stdout and "CONFIG_CGROUP_BPF: not set\n" in r.stdout
    assert "[WARNING Swap]" in r.stdout                   # swap is only a warning (since v1.23)
    assert "[certs]" not in r.stdout and "/etc/kubernetes/pki/ca.crt" not in c.machines["master"].files


def test_docker_engine_alone_is_not_a_cri_runtime():
    c = kubelab.Cluster(profile="bare", machines=1, os="centos7")
    r = sh(c, "master", NOTES_INIT.replace("Swap", "SystemVerification"))
    why = ('failed to create new CRI runtime service: validate service connection: validate CRI v1 runtime API for '
           'endpoint "unix:///var/run/containerd/containerd.sock": rpc error: code = Unimplemented desc = unknown '
           'service runtime.v1.RuntimeService')
    assert "checks.go:1080] [preflight] WARNING: Couldn't create the interface used for talking to the container " \
           "runtime: " + why + "\n" in r.stderr
    assert r.stderr.endswith("error execution phase preflight: [preflight] Some fatal errors occurred:\n" + why +
                             "[preflight] If you know what you are doing, you can make a check non-fatal with "
                             "`--ignore-preflight-errors=...`\nTo see the stack trace of this error execute with "
                             "--v=5 or higher\n")
    assert r.returncode == 1 and "[kubeconfig]" not in r.stdout


def test_docker_with_cri_dockerd_needs_the_cri_socket_flag():
    c = kubelab.Cluster(profile="bare", machines=2)
    r = sh(c, "master", NOTES_INIT)
    assert r.returncode == 1 and r.stdout == ""
    assert r.stderr == ("found multiple CRI endpoints on the host. Please define which one do you wish to use by setting "
                        "the 'criSocket' field in the kubeadm configuration file: "
                        "unix:///var/run/containerd/containerd.sock, unix:///var/run/cri-dockerd.sock\n"
                        "To see the stack trace of this error execute with --v=5 or higher\n")
    r = sh(c, "master", NOTES_INIT + CRI)
    assert r.returncode == 0 and "SystemVerification" not in str(r)       # kernel 5.14, cgroups v2
    join = r.stdout.split("root:\n\n")[1]
    assert "multiple CRI endpoints" in sh(c, "node1", join).stderr          # the printed line lacks the flag
    assert sh(c, "node1", join.strip() + CRI).returncode == 0

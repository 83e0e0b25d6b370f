"""Every built-in detector, listed explicitly (each rule takes those with its code)."""

from __future__ import annotations

from mkdocs_threatpub.scanners.base import Detector
from mkdocs_threatpub.scanners.detectors import (
    amsi_bypass,
    api_token,
    assessment_report,
    bank_card,
    credential_theft,
    device_config,
    email_list,
    exploit_framework,
    host_inventory,
    internal_address,
    internal_hostname,
    kernel_exploit,
    keylogger,
    passwd_shadow,
    password_hash,
    payload_collection,
    payload_generator,
    phone_number,
    private_key,
    ransomware,
    record_dump,
    reproduction_steps,
    resident_id,
    reverse_shell,
    self_propagation,
    shellcode,
    shellcode_runner,
    topology_diagram,
    webshell,
)

__all__ = ["DETECTORS"]

DETECTORS: tuple[Detector, ...] = (
    # CAC401 malicious code, CAC402 attack tools (shellcode, payload generation, ransomware,
    # keyloggers, worms; kernel exploits, frameworks, credential theft, AMSI/EDR, payload lists)
    shellcode.DETECTOR,
    shellcode_runner.DETECTOR,
    payload_generator.DETECTOR,
    ransomware.DETECTOR,
    keylogger.DETECTOR,
    self_propagation.DETECTOR,
    kernel_exploit.DETECTOR,
    exploit_framework.DETECTOR,
    credential_theft.DETECTOR,
    amsi_bypass.DETECTOR,
    payload_collection.DETECTOR,
    reverse_shell.DETECTOR,
    webshell.DETECTOR,
    reproduction_steps.DETECTOR,
    assessment_report.DETECTOR,
    device_config.DETECTOR,
    host_inventory.DETECTOR,
    internal_address.DETECTOR,
    internal_hostname.DETECTOR,
    topology_diagram.DETECTOR,
    # CAC404 leaked data
    resident_id.DETECTOR,
    bank_card.DETECTOR,
    phone_number.DETECTOR,
    email_list.DETECTOR,
    password_hash.DETECTOR,
    passwd_shadow.DETECTOR,
    private_key.DETECTOR,
    api_token.DETECTOR,
    record_dump.DETECTOR,
)

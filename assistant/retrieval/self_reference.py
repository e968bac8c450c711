"""Provisions about the document itself: its purpose (为…，制定本规定), scope (本条例适用于…), terms (本规定所称…),
implementation (根据本条例制定…, 实施本规定的主要责任人), interpretation (由…负责解释) and commencement (自…起施行).

Every one of them names the document's subject (国有企业领导人员, 党员, 党组织) and its generic words, so a
question about a conduct in everyday words ("国企领导这么干合规吗？") finds them as readily as the provision
on the conduct. They answer questions about the document (what it applies to, what a term means, when it
took effect, who implements it), never a question about what one may or may not do.
"""

from __future__ import annotations

import re

from assistant.patterns import FINAL_PROVISION, OWN_DOCUMENT

# purpose, scope, terms, implementation (the final provisions, commencement and interpretation, are FINAL_PROVISION)
_SPEAKS_OF_ITSELF = re.compile(
    rf"制定{OWN_DOCUMENT}|{OWN_DOCUMENT}适用于|{OWN_DOCUMENT}所称|(?:根据|依据|依照|按照){OWN_DOCUMENT}[，,]?(?:结合|制定)"
    rf"|实施{OWN_DOCUMENT}|贯彻落实{OWN_DOCUMENT}|{OWN_DOCUMENT}的贯彻执行|{OWN_DOCUMENT}的要求纳入")
# what such a provision answers: scope, terms, commencement, implementation, purpose, interpretation
_ASKS_OF_ITSELF = re.compile(r"适用|范围|所称|是指|什么意思|含义|施行|生效|实施|执行|落实|贯彻|目的|为什么|制定|出台|依据"
                             r"|解释|哪些人|哪些单位|对象|责任人|负责|什么时候|哪一年")


def speaks_of_itself(text: str) -> bool:
    """Whether a passage is a provision about its own document (see the module docstring)."""
    return bool(_SPEAKS_OF_ITSELF.search(text) or FINAL_PROVISION.search(text))


def asks_of_itself(question: str) -> bool:
    """Whether a question asks what such provisions answer (适用于谁, 所称…是指, 何时施行, 由谁实施 …)."""
    return bool(_ASKS_OF_ITSELF.search(question))

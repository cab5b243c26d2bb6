"""Cue words of question understanding, in English and Chinese, as compiled patterns over normalised text.

These describe *kinds* of questions (how many, most, more than, built on...), never the libraries or the
measures: names, aliases, attribute values and metric words come from the corpus (linking.py, metrics.py).
"""

from __future__ import annotations

import re


def _p(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


#: Figures people ask for that a survey of this shape does not have.
UNSUPPORTED_METRIC = _p(
    r"\bdownloads?\b|(?<![a-z])fork(?:s|ed)?(?![a-z])|\bissues\b|\bpull requests?\b|\bprs\b|\bwatch(?:ers?|es|ing)?\b|\breleases\b|\blines of code\b"
    r"|\busers\b|\bemployees\b|\bcitations\b|\bstack ?overflow\b|\bpapers\b|\bfunding\b|\brevenue\b|(?<![a-z])issues?(?![a-z])"
    r"|下载|复刻|分叉|问题数|用户|用戶|引用|版本数|发布次数|代码行|行代码|代码量"
)
UNSUPPORTED_FACT = _p(
    r"\b(?:license|licen[cs]ed|price|cost|pricing|release date|first released|released in|when was .* released"
    r"|latest version|current version|version number|versions? of python|python versions?|founded|written in which language"
    r"|maintainers? of|lead (?:maintainer|developer)|written in|what language|programming languages?|languages? besides|other languages|bindings?|courses?|memory|ram|latency|throughput|accuracy|training time|who maintains|maintained|tpus?|release year|released|versions?"
    r"|name of the (?:person|author|writer|guy|journalist)|author'?s name|which person|founders?|co-?founders?|come out(?! of)|came out(?! of)|first appear(?:ed)?|release|python ?[23](?:\.\d+)?|\d+\.x|last commit|latest commit)\b|^why\b|\bwhy (?:did|does|do|is|was|were|are)\b"
    r"|作者(?:的)?(?:名字|姓名)|作者叫什么|许可证|许可|授权|条款|协议|价格|多少钱|发布时间|哪一?年开源|何时开源|什么时候开源|开源于|开源时间|什么时候发布|最近一次发布|最新发布|创始人|创办人|创立者|最后一次提交|最近一次提交|发布是什么时候|发布于何时|哪年发布|最新版|版本号|哪个版本|什么版本|版本|哪一?年.{0,4}(?:发布|出|推出|释出|面世|问世)|首次发布|第一次发布|首发|发布年份|什么时候出|释出|为什么|为何|维护者|还在维护|停止维护|放弃|内存|显存|准确率|精度|毕业|编程语言|什么语言|哪些语言|哪种语言|哪几种语言|几种语言|语言绑定|收费|免费|课程(?!报告|作业|论文|项目)|学费"
)

HOW_MANY = _p(r"\bhow many\b|\bhow much\b|\bnumber of\b|\bcount\b|\bhow (?:big|large|popular)\b|多少|几个|几位|几|数量|数目")
DIFFERENCE = _p(
    r"\bhow (?:many|much) (?:more|fewer|less|higher|lower|bigger|larger|smaller)\b|\bdifference\b|\bgap\b|\bhow far (?:ahead|behind)\b|\bmargin\b"
    r"|\bdiff\b|\bdelta\b|\bspread\b|\brange of\b|\b(?:its|their) lead\b|'s lead\b|\blead over\b|\bthe lead (?:of|over)\b|\bleads? by\b|领先多少|领先了多少|\bby how (?:many|much)\b|\bhow far apart\b|\bapart\b(?! from)|\bhow (?:many|much) (?:\w+ )?(?:ahead|behind)\b"
    r"|多多少|少多少|高多少|低多少|差多少|差了多少|差了几|相差|差距|差值|差额|之差|的差|多出|差几|多几|少几|多了多少|少了多少|多了几|少了几|高了几|低了几"
)
COMPARE = _p(
    r"\bmore\b|\bfewer\b|\bless\b|\bhigher\b|\blower\b|\bbigger\b|\bsmaller\b|\bvs\.?\b|\bversus\b|\bcompare[ds]?\b"
    r"|\bcomparison\b|\bor\b|\bbetter\b|\bahead\b|比较|比|对比|相比|哪个(?:的)?(?:更)?多|哪个更|谁更|谁的|还是|和.*哪个"
)
DESCENDING = _p(
    r"\bmost\b|\bhighest\b|\blargest\b|\bbiggest\b|\bgreatest\b|\bmaximum\b|\bmax\b|\bargmax\b|(?<!on )\btop\b(?! half| of)|\bleading\b|\bbest\b(?! practices?)"
    r"|\bhigh(?:est)?[- ]ranked\b|\bdescending\b|最多|最高|最大|最受欢迎|最火|最热门|最流行|最好|最强|多到少|高到低"
)
ASCENDING = _p(r"(?<![之以])(?:后|倒数)\s*(?:\d+|[两三四五六七八九十]+)\s*(?:位|名|个)|(?:排名|排在|排)(?:后|倒数)\s*(?:\d+|[两三四五六七八九十]+)|最后一名|最后一个|倒数第一|排名最后|排在最后|排最后|垫底|末位|\blast (?:one|place|on the list|in the list|in the survey|entry|library|lib|framework)\b|\bin last place\b|\bfewest\b|\bleast\b|\blowest\b|\bsmallest\b|\bminimum\b|\bmin\b|\bargmin\b|\bbottom\b(?! half)(?![- ]of[- ]the[- ]list)|\bascending\b|\bworst\b|最少|最低|最小|最不|最差|少到多|低到高")
#: A place counted from the smallest: "从少到多排第几", "counting from the bottom", "in ascending order".
RANK_ASCENDING = _p(r"[从由](?:少|低|小)到(?:多|高|大)|升序|倒数第几|\bascending\b|\b(?:counting |counted )?from the (?:bottom|end)\b"
                    r"|\bfrom (?:the )?(?:lowest|fewest|least|smallest)\b|\b(?:lowest|fewest|least|smallest)[- ]first\b")
ORDINAL = _p(
    r"\b(?P<en>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|1st|2nd|3rd|\d{1,2}th)\b"
    r"|第\s*(?P<zh>[一二两三四五六七八九十\d]+)"
)
ORDINAL_WORDS = {"first": 1, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
                 "ninth": 9, "tenth": 10}
TOP_N = _p(
    r"\b(?:top|bottom|last|lowest|first)[- ]?(?P<en>\d+|one|two|three|four|five|six|seven|eight|nine|ten)\b"
    r"|\b(?P<en2>\d+|two|three|four|five|six|seven|eight|nine|ten) (?:libraries|libs|frameworks|ones) with the (?:most|fewest|least|highest|lowest)\b"
    r"|\b(?P<en3>\d+|two|three|four|five|six|seven|eight|nine|ten) (?:most|least|highest|lowest)\b"
    r"|\b(?:which|what|the|name|list|show|give me)\s+(?P<en4>\d+|two|three|four|five|six|seven|eight|nine|ten)\b(?! (?:stars|commits|contributors|times))"
    r"|(?:最多|最少|最高|最低|最大|最小)的?\s*(?P<zh3>\d+|[两三四五六七八九十]+)\s*(?:个|款|家|名)"
    r"|\btop[_ ]n\b.{0,40}?\bn\s*[=:]\s*(?P<en5>\d+)"
    r"|前\s*(?P<zh>\d+|[一二两三四五六七八九十]+)|(?<![之以])(?:后|倒数)\s*(?P<zh4>\d+|[两三四五六七八九十]+)\s*(?:位|名|个)"
    r"|(?:排名|排在|排)(?:后|倒数)\s*(?P<zh5>\d+|[两三四五六七八九十]+)"
    r"|(?P<zh2>\d+|[两三四五六七八九十]+)\s*(?:个|款|家)(?:库|框架|项目)"
)
#: Asking for the whole ordered list (not "which ranks highest").
RANK_ORDER = _p(
    r"^(?:please\s+)?(?:order|rank|sort)\b|\b(?:highest|most|lowest|fewest|largest|smallest) first\b|\bsort(?:ed)?\b|\border(?:ed)? (?:by|from)\b|\b(?:rank|order|sort) (?:the|all|them|these|those|every|each)\b|\brankings?\b"
    r"|\bleaderboard\b|\bfrom (?:most|least|highest|lowest|fewest)\b|排序|排行|排列|按.*排|从多到少|从少到多|从高到低|从低到高"
    r"|\b(?:descending|ascending)\b|\blist (?:\w+ )?by\b|降序|升序"
)
RANK_OF = _p(r"\brank(?:ed|ing)?\b|\bleaderboard\b|\b(?:what|which) number\b|\bwhere (?:does|do|did|is|would) .{1,30}?\b(?:land|stand|sit|place|put|come|fall)s?\b|\bposition\b|\bplace[ds]?\b|\bstand\b(?! for)|排名|排第|第几|名次|位列|排在")
FILTER_ABOVE = _p(
    r"\b(?:more than|over|above|greater than|exceeding|exceeds?|beyond|in excess of|upwards of|bigger than|higher than"
    r"|clear(?:ed|s)?|cross(?:ed|es)?|top(?:ped|s)|surpass(?:ed|es)?|broke|break(?:s)?|pass(?:ed)?|gt)\b"
    r"|超过|多于|大于|高于|过|破|超(?![级市出])"
)
FILTER_AT_LEAST = _p(r"\b(?:at least|or more|minimum of|no less than|no fewer than|not less than|not fewer than|not below"
                     r"|not under|reach(?:es|ed)?|hit(?:s)?|gte)\b|\d\s*\+|至少|不少于|不低于|以上|及以上|(?<![没未])达到")
FILTER_BELOW = _p(
    r"\b(?:less than|fewer than|under|below|lower than|smaller than|beneath|lt|(?:do|does|did)(?: not|n't) (?:reach|hit)"
    r"|short of)\b|少于|小于|低于|不到|不足|未满|没有超过|没(?:有)?达到|未达到"
)
FILTER_AT_MOST = _p(r"\b(?:at most|or fewer|or less|no more than|not more than|not above|not over|maximum of|up to|lte)\b"
                    r"|至多|不超过|不多于|以下|及以下")
SUM = _p(r"\btotal\b|\bsum\b|\bhave together\b|\bhas together\b|\btogether (?:have|has|hold|got)\b|\badds? up\b|\bcombined\b(?! with)|\baltogether\b|\ball together\b|\bin all\b|\badded up\b|总共|总和|一共|合计|总计|加总|加起来|加在一起|加一起|(?<![结组融综联整])合起来|总数|共有")
AVERAGE = _p(r"\baverage\b|\bmean\b|\bavg\b|\bper library\b|\btypical\b|平均|均值")
MEDIAN = _p(r"\bmedian\b|中位数")
LIBRARY_NOUN = _p(r"\b(?:librar(?:y|ies)|libs?|frameworks?|packages?|projects?|tools?|toolkits?|entries|ones)\b|库|框架|项目|工具|包")
COUNT_LIBRARIES = _p(
    r"\bhow many (?:\w+ )?(?:libraries|libs|frameworks|packages|projects|tools|entries)\b"
    r"|^count\b|\bcount (?:the |all )?(?:libraries|libs|frameworks|entries)\b"
    r"|\bnumber of (?:\w+ )?(?:libraries|libs|frameworks|packages|projects)\b"
    r"|多少(?:个|款|种|家)?(?:[^\s，,。？?哪]{0,8})?(?:库|框架|项目)|(?<![哪那这])几(?:个|款|种)(?:\S{0,8})?(?:库|框架|项目)(?![里中])"
    r"|(?:库|框架|项目)(?:\S{0,3})?(?:有|共有|一共有)?(?:(?<![哪那这])几|多少)(?:个|款|种|家)(?![^，,。？?]*(?:星|提交|贡献|star|commit|contributor))"
)
LIST_ALL = _p(
    r"\b(?:list|name|show|enumerate)\b.*\b(?:all|every|the)\b.*\b(?:librar|frameworks)|\ball (?:the )?(?:libraries|frameworks)\b"
    r"|\bwhich (?:libraries|frameworks) (?:are|does|did) (?:in|covered|included|listed|the survey)"
    r"|\bwhat (?:libraries|frameworks) (?:are|does|did)\b.*\b(?:survey|cover|include|list)"
    r"|所有(?:的)?库|全部(?:的)?库|列出.*库|哪些库(?:被)?(?:收录|包含|入选|上榜)|包括哪些库|有哪些库|都有哪些"
)
SURVEY_WORD = _p(r"\bsurvey\b|\bsource\b|\barticle\b|\bkdnuggets\b|\bthe data\b|\bthis data\b|\bfigures\b|\bnumbers\b|\bstats\b|\blist\b|调查|来源|文章|数据|榜单|统计")
SURVEY_DATE = _p(
    r"\bwhen\b|\bwhat date\b|\bdate\b|\bas of\b|\bhow (?:old|recent|current|up[- ]to[- ]date)\b|\bwhat year\b|\bdated\b"
    r"|\bwhat (?:month|day)\b|\bwhich (?:year|month)\b|\bmonth ?/ ?year\b"
    r"|\bcollected\b|\btimestamp\b|\bhow fresh\b|什么时候|日期|截至|截止|时间|哪一?年|哪一?天|几号|几月|多新|多旧"
)
SURVEY_ABOUT = _p(
    r"\bwho (?:published|wrote|authored|put out|released|ran|compiled|made) (?:the|this) (?:original )?"
    r"(?:['\"‘“][^'\"’”]{0,60}['\"’”]\s*)?(?:survey|article|list|ranking|roundup|post)\b"
    r"|(?:调查|文章|榜单|排名|清单)(?:是)?(?:由)?谁(?:发布|发表|写|做|整理)|谁(?:发布|发表|写|整理)了?(?:这份|这篇|这个)?(?:调查|文章|榜单|排名)"
    r"|\bwhat (?:is|does) (?:this|the) (?:survey|article|source)\b|\bwhere (?:do|does) (?:the|these|this) (?:data|figures|numbers) come from\b"
    r"|\bwhat (?:is|are) (?:your|the) sources?\b|\bwhat (?:can|do) you (?:answer|know|cover)\b|\bwhat do you cover\b"
    r"|\bwhere (?:is|was|does) (?:this|the) (?:survey|article|list|data|ranking)(?: \w+)? (?:originally )?(?:from|come from|published)"
    r"|\bsource of (?:the|these|this|your)\b|\bwhere (?:are|is) (?:the|these|this) (?:data|figures|numbers) from\b"
    r"|\bsource[_ ]info\b|\bwhich (?:survey|article)\b|\bwho (?:published|wrote|made|compiled|put together|authored) (?:this|the) (?:survey|article|list|ranking)\b"
    r"|\b(?:publisher|author) of (?:this|the) (?:survey|article|list|ranking)\b|\boriginal (?:english )?(?:article|source|post|version)\b"
    r"|谁发布|发布者|谁写的|作者是|哪家媒体|数据来源|数据源|资料来源|数字(?:的)?来源|来源是|出处|原文|原始来源|出自哪|哪个网站|什么网站|哪家网站|什么调查|哪篇文章|你能回答什么|你知道什么|数据从哪"
    r"|(?:数字|数据|数值|统计)\S{0,6}(?:哪个|什么)平台|\bwhich (?:platform|site|website)\b"
    r"|\bwhere (?:was|is) (?:it|this|that) (?:originally )?published\b|\b(?:source|article|survey|original) (?:url|link)\b"
    r"|\blink to (?:the|this) (?:survey|article|source|original)\b|\bwhat (?:site|website|outlet|blog|publication)\b"
    r"|在哪(?:里|儿)?(?:发布|发表|刊登)|发(?:布|表)在哪|文章(?:的)?(?:链接|网址)|原文(?:链接|地址)"
)
DESCRIBE = _p(
    r"^(?:so )?(?:what(?:'s| is| are| was)|what does .+ do|tell me (?:more )?about|describe|explain|info(?:rmation)? (?:on|about)"
    r"|introduce|overview of|summar(?:y of|ize)|give me (?:an )?(?:overview|summary|description)|can you describe)\b"
    r"|主打|注重|哪几个方面|哪些方面|特点|特色|卖点|侧重|是什么|是啥|介绍|是干什么|干什么的|做什么的|干嘛的|什么是|简介|说说|讲讲|描述|概述"
)
FIGURES_ALL = _p(r"\bstats?\b|\bstatistics\b|\bfigures\b|\bnumbers\b|\bmetrics\b|\bgithub (?:data|numbers)\b|数据|统计|指标|数字")

RELATIONS: dict[str, re.Pattern[str]] = {
    "developed_by": _p(
        r"\bwho (?:made|makes|created|creates|built|builds|develops?|developed|maintains?|maintained|wrote|is behind|owns|is the (?:author|developer|maker))\b"
        r"|\b(?:developed|made|created|built|maintained|backed|written) by\b|\bwhich (?:company|lab|organi[sz]ation|team|institution)\b"
        r"|\bfrom which (?:company|lab)\b|\bdeveloper of\b|\bauthor of\b|\bcreator of\b"
        r"|\bdid .{1,40}? (?:make|create|build|develop|release)\b|\b(?:originated (?:at|from)|comes? out of|came out of|came from|comes? from|is from|are from|(?<=n.t) from|not from)\b"
        r"|谁(?:开发|做|创建|制作|维护|写|发起|推出)|由谁|哪个(?:公司|机构|组织|团队|实验室)|哪家|开发者是|开发商|出自|源自|来自哪|谁的"
        r"|开发了|开发的|做了|做的|出品|推出了?"
    ),
    "built_on": _p(
        r"\bbuilt (?:on|upon|on top of|atop)\b|\bbuild(?:s|ing)? (?:on|upon)\b|\bon top of\b|\bbased on\b|\bextends?\b|\bextending\b|\bextension (?:of|for|to)\b"
        r"|\bwrap(?:s|per|pers)?\b|\bunder the hood\b|\bdepends? on\b|\bbackends?\b|\bsits on\b|\blayer (?:on|over)\b"
        r"|基于|建立在|构建在|构建于|(?<!构)建在|搭建在|建于|之上|依托|上面?搭|上构建|扩展|依赖|封装|包装|底层|包一层|包了一层"
        r"|为基础|为底层|为后端"
    ),
    "runs_on": _p(
        r"\bruns? (?:on|with|in|atop)\b|\brunning (?:on|with|in)\b"
        r"|(?<!contributors )(?<!people )(?<!developers )(?<!devs )(?<!folks )(?<!who )\bworks? (?:on|with)\b|\bintegrat(?:e|es|ed|ion) with\b"
        r"|\bdeploy(?:ed)? on\b|\buse (?:with|on)\b|运行在|运行于|上运行|跑在|上跑|上面跑|上执行|执行在|集成|结合"
    ),
    "compatible_with": _p(r"\bcompatible\b|\bcompatibility\b|\binteroperat\w*\b|\bplays? (?:well|nicely) with\b|兼容"),
    "model_families": _p(r"\bwhat (?:kinds? of |types? of |sorts? of )?(?:models?|networks?|architectures?)\b|(?:哪些|什么|哪类).{0,4}(?:模型|网络)|模型类型"),
    "capabilities": _p(r"\bwhat (?:does|do|can) .{1,30}? support\b|支持哪些|支持什么|有哪些功能|有什么功能"),
    # "which libraries use Theano": the value may sit in any attribute
    "uses": _p(r"\bus(?:e|es|ed|ing)\b|\brel(?:y|ies) on\b|用了|用到|使用|采用|依赖"),
}
WHICH = _p(
    r"\bwhich\b|\bwhat (?:libraries|libs|frameworks|ones|tools|packages|library|framework)\b|\blist\b|\bname (?:the|all|any)\b"
    r"|\bshow me\b|\bgive me\b|\bany (?:libraries|frameworks)\b|\bare there\b|\banything\b|\brecommend\b|\bsuggest\b"
    r"|\bi need\b|\bi want\b|\blooking for\b|\bgood for\b|\bbest for\b|\bshould i use\b"
    r"|哪些|哪个|边个|哪几个|什么库|列出|有哪些|列举|哪款|推荐|适合|谁(?=的?(?:更|比较|较)?(?:多|少|高|低|大|小))"
)
YES_NO = _p(r"^(?:does|do|is|are|can|will|has|have)\b|吗\s*[?？]?$|是否|能否|可否|有没有|是不是|支不支持|能不能")
PRONOUN = _p(
    r"\b(?:it|its|it's|this one|that one|this library|that library|this framework|that framework|they|them|their"
    r"|those|these|both|each|the library|the latter|the former|the same)\b|它|它们|这个|那个|其|该库|这个库|那个库|他们|两者|二者|这两个|这些|那些"
)
FOLLOWUP = _p(r"^(?:(?:ok|okay|hmm|right|cool|alright|thanks)[,!.]?\s*)?(?:and|what about|how about|and what about|what of|same for|same question for|also|now)\b|呢\s*[?？!！。.]*$|^那|^还有")

# --- operations beyond the figures ----------------------------------------------------------------------
RATIO = _p(r"\bhow many times\b|\bhow many x\b|\b(?:times|x) (?:more|as many|larger|bigger|higher)\b|\btimes (?:more|as many|as much|larger|bigger|higher|greater|the)\b|\bratio\b|\bmultiple of\b|\bdivided by\b|\bover\b(?= [a-z.]+(?:'s)? (?:stars|commits|contributors)\b)|除以|几倍|多少倍|倍")
SHARE = _p(r"\bpercent(?:age)?\b|\bshare\b|%|\bproportion\b|\bfraction\b|百分之|百分比|占比|比例|占(?:了)?(?:总|全部|所有|整体)")
MINMAX = _p(r"\b(?:max(?:imum)?|min(?:imum)?)\b")
#: "of those", "其中": the set the previous answer listed.
PREVIOUS_SET = _p(
    r"\b(?:of|among|from|in|between) (?:those|these|them|that list|this list|the list|that set|the above|them all)\b"
    r"|\bprevious[_ ](?:results?|answer|list|set)\b|\blast[_ ](?:results?|answer)\b"
    r"|\b(?:the|these|those) (?:three|four|five|six|\d+)\b(?! (?:most|fewest|top|biggest|largest|smallest|with|by|libraries with))"
    r"|\bwhich of (?:those|these|them)\b|其中|(?:这|那)(?:三|四|五|六|\d+)个(?:库)?|^(?:在)?(?:这|那)?里面|^当中|这些(?:库)?(?:中|里|当中|之中)|那些(?:库)?(?:中|里|当中)|它们(?:中|里|当中|之中)?"
    r"|以上(?:这些)?(?:库)?(?:中|里)|[这那]几个(?:库)?(?:中|里|当中)?|上面(?:这些|的)?(?:库)?(?:中|里)?"
)
#: "the two", "两者": the two entries the conversation was about.
PREVIOUS_TWO = _p(r"\b(?:the|these|those) two\b|\bboth\b|\bof the two\b|两者|二者|这两个|那两个|两个|兩個|这俩|俩")
#: "the second one", "第二名": an entry of the previous answer by its place in it.
PLACE_REFERENCE = _p(
    r"\bthe (?P<en>second|third|fourth|fifth|first|last) one\b|\b(?:number|no\.|#)\s*(?P<num>\d+) (?:one|in that list)\b"
    r"|第\s*(?P<zh>[一二两三四五六七八九十\d]+)\s*名|\bthe (?P<ru>runner[- ]?up)\b|(?P<ru_zh>亚军)"
)
EXCLUDE_BEFORE = _p(
    r"(?:\bexcluding|\bexcludes?|\bexcept(?: for)?|\bother than|\bbesides|\bapart from|\baside from|\bnot counting|\bwithout|\bignore"
    r"|\bleave out|\bleaving out|\bleaving|\bleave|\bminus|\bignoring|\bdrop|\bdropping|\bremove|\bremoving|^after|\bnon-"
    r"|除了|除去|不算|不计|不考虑|除开|不包括|不含|排除|去掉|扣掉|扣除|刨除|刨去|减掉|拿掉|去除|剔除|除)\s*$"
)
EXCLUDE_AFTER = _p(r"^\s*(?:out\b|aside\b|excluded\b|除外|以外|之外)")
NEGATION = _p(
    r"\b(?:not|no|never|without|non|don't|doesn't|aren't|isn't|can't|cannot)\b|(?<!是)不是|不基于|不用|不使用|(?<!支)不支持|不依赖|(?<!能)不能|不在|(?<!有)没有|(?<![有没])没(?!有)|非|并非|无"
)
VERSUS_EN = _p(r"^\s*(?:counts? )?(?:than|exceeds?|exceeding|over|outnumber(?:s|ing)?)\s*(?:their |the |its )?$")
VERSUS_ZH_MORE = _p(r"^\s*(?:数)?(?:比|多于|大于|超过了?|高于)\s*$")
VERSUS_ZH_LESS = _p(r"^\s*(?:数)?(?:少于|小于|低于|不到)\s*$")
MORE_WORD = _p(r"\b(?:more|higher|greater|larger|bigger)\s*$")
LESS_WORD = _p(r"\b(?:fewer|less|lower|smaller)\s*$")
RANGE_JOIN = _p(r"^\s*(?:and|to|-|–|—|~|到|至|和|与)\s*$")
RANGE_CUE = _p(r"\bbetween\b|\bfrom\b|\brange\b|之间|之間|之内|范围|区间|介于")
#: Figures of another time than the survey's: declined, with the dated figure as context.
TIME_VARYING = _p(
    r"\btoday\b|\bright now\b|(?<!for )(?<!^)\bnow\b(?! (?:on|by|for|in terms of|with|compare|do|show|what|how|which|rank|list|sort))|\batm\b|\bpast (?:year|month|week|few years)\b|\blast (?:year|month|week)\b|\bgain(?:ed|s)?\b|\bgrowth\b|\bgrew\b|\bsince then\b|\bcurrently\b|\bthese days\b|\bthis year\b|\bstill\b(?! (?:have|has|had|with|got) )|\bnowadays\b|\bas of (?:today|now)\b"
    r"|\b(?:in|for|by|during|(?:end|start|beginning|middle) of|since|until|till|around|early|late|mid|before|after)[- ](?:19[0-9]{2}|20(?:0\d|1[0-7]|19|[2-9]\d))\b"
    r"|\b20(?:19|[2-9]\d)\b"
    r"|\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t|tember)?|oct(?:ober)?"
    r"|nov(?:ember)?|dec(?:ember)?)\.? (?:19\d\d|20(?:0\d|1[0-7]))\b|\ba year (?:earlier|ago|before)\b"
    r"|现在|目前|如今|今天|今年|去年|当前|当下|仍然|还在|增长|涨了|增加了多少|这几年|近几年|最近|20(?:19|[2-9]\d)\s*年"
    r"|(?:19\d\d|20(?:0\d|1[0-7]))\s*年(?!\s*\d{1,2}\s*月\s*\d)|新增|一年(?:里|内|中|来)|每年|每个月|每月|\bper (?:year|month|week|day)\b"
)
#: "As of today": another date than the survey's even beside the survey's own date words.
#: A date or year other than the survey's written beside its own date words: "as of 2024-01-01", "截至2025年"
OTHER_DATE = _p(r"(?<!\d)(?:19\d\d|20(?:0\d|1[0-79]|[2-9]\d))(?:[-/.]\d{1,2}\b|\s*年)"
                r"|\b(?:as of|in|on|by|at)\W{0,4}(?:19\d\d|20(?:0\d|1[0-79]|[2-9]\d))(?!\d)")
TIME_NOW = _p(r"截至今天|截至目前|截至现在|截止今天|截止目前|\bas of (?:today|now)\b|\bright now\b")
#: Judgements declined even about libraries an attribute names ("哪些公司在生产环境中使用 Theano？").
JUDGEMENT_ALWAYS = _p(r"哪些公司|什么公司|生产环境|工业界|最适合|最合适|\bwhich companies\b|\bwhat companies\b"
                      r"|\bin production\b|\bin industry\b|\bbest suited\b|\bmost suitable\b")
#: Judgements the survey does not make.
JUDGEMENT = _p(
    r"\bbest (?:for|to|one for|library for|choice)\b|\bbest(?: [\w-]+){1,4} (?:for|to use|to learn|to pick|choice)\b|\bbeginners?\b|\bnewbies?\b|\bnewcomers?\b|\bproduction\b|\beasiest\b|\beasier\b"
    r"|\bshould (?:i|we) (?:use|pick|choose|learn|go with)\b|\bworth (?:it|learning|using)\b|\bdocumentation\b|\bdocs\b|\bfaster\b"
    r"|\bspeed\b|\bfastest\b|\bquickest\b|\bslowest\b|\bperformance\b|\bbenchmarks?\b|\bbetter (?:for|to)\b|\bwhich is better\b|\bis it good\b|\bstable\b"
    r"|\bmost (?:widely )?used\b|\bwidely used\b|\bin industry\b|\bindustry\b"
    r"|初学者|新手|入门|生产环境|生产|最好用|好用|推荐(?!系统)|文档|速度|性能|更快|最快|最慢|哪个好|哪个更好|值得|稳定"
    r"|工业界|业界|用得最多|使用最多|最常用|用的人最多|快多少|快几倍|慢多少|慢几倍|最适合|最合适|哪些公司|什么公司"
    r"|哪些大公司|什么大公司|大公司|公司在用|企业在用|在用\s*\S{1,20}[?？]?$"
    r"|\bbest suited\b|\bmost suitable\b|\bwhich companies\b|\bwhat companies\b"
    r"|\bused by (?:the )?most\b|\bfortune 500\b|\bmost (?:companies|enterprises|teams|startups)\b|\b(?:companies|enterprises) use\b"
    r"|大厂|企业(?:用|使用|采用)|用的公司|使用的公司"
    r"|适合(?:上线|部署|生产|商用)|上线部署|部署上线|\bfor deployment\b|\bdeploy(?:ing)? (?:to|in) production\b"
    r"|\bbest overall\b|\b(?:is|the) best(?: (?:library|lib|framework|one|tool|option|pick))?\s*(?:overall|[?.!]|$)"
    r"|最好[?？]?$|最好的(?:库|框架|选择)|(?:库|框架|哪个|哪一个)最好|最强|最优秀|最厉害"
)
SURVEY_RANK_NO = _p(r"(?:#|\bno\.\s*|\bnumber\s+)(?P<num>\d+)\b|第\s*(?P<zh>[一二两三四五六七八九十\d]+)\s*(?:个|名|位)")
SURVEY_CONTEXT = _p(r"\bsurvey\b|\barticle\b|\blist\b|\branking\b|\bpost\b|\bkdnuggets\b|调查|文章|榜单|清单|列表|名单|介绍")
RANKED_BY = _p(r"(?:榜单|列表|排名|清单|名单|文章|调查)\S{0,4}?(?:是)?(?:按|按照|根据|依)\S{1,10}?(?:排序|排名|排列|排)的?吗"
               r"|\b(?:is|was|are|were) (?:the|this) (?:list|ranking|survey|article)\b.{0,20}\b(?:sorted|ranked|ordered) by\b"
               r"|\branked by\b|\b(?:ranking|list|ranks?) (?:is |was )?based on\b|\bbased on what\b|\bhow (?:is|was|are|were) .{0,40}\b(?:ranked|ordered|sorted)\b|\bcriteria\b|\bhow (?:is|was|are|were) (?:it|the list|the survey|they|the libraries) (?:ranked|ordered|sorted)\b|按什么排|(?:按|按照|依照|依据|根据|以)什么.{0,8}排|排名依据|排序依据|依据什么|标准|\b(?:what|which) (?:metrics?|criteria|measures?) (?:is|are|was|were|did) .{0,30}\b(?:rank|order|sort)|\bbased on what\b")
ANY_OF = _p(r"^\s*(?:or|and/or|/|或者|或|还是)\s*$")
THAT_VALUE = _p(r"\b(?:is|was|are) (?:that|this|it)\b|\bthan that\b")
#: "that library" after "what is X built on?": the attribute value, itself an entry.
THAT_LIBRARY = _p(
    r"\bthat (?:library|lib|framework|project|one)\b|\bthe (?:library|lib|framework|one) (?:it|that it)(?:'s| is)? (?:built|based) on\b"
    r"|\b(?:that|the) (?:base|underlying|parent) (?:library|lib|framework|one)\b"
    r"|那个(?:库|框架|函式库|项目)|那个底层库|底层(?:的)?库|所依托的|所基于的"
)
WHICH_ONE = _p(r"\bwhich (?:one|library|lib|framework|of them|of those|of these|has|had|got|is)\b"
               r"|\bwhich of the\b(?=[^?.]*\b(?:has|is|had)\b)|哪个|哪一个|谁|边个|的那(?:个|一个|款)")
PLURAL_ASK = _p(r"\b(?:libraries|libs|frameworks|ones|tools|packages|projects)\b|哪些|哪几个|(?<!没)有哪|几个|那些|这些|的(?:库|框架|项目)\s*[?？]?$")
#: "the star-to-commit ratio", "star数和提交数之比": one measure divided by another, per entry.
RATIO_OF = _p(r"\bratio\b|\bto .{1,20} ratio\b|之比|的比值|比值|比率|(?<![a-z])/(?![a-z])")
#: The whole survey as a question's scope: "which of all 13 is highest?", "在所有库里", "in the whole list"
WHOLE_SURVEY = _p(r"\b(?:of|among|across|in|out of) all\b|\ball (?:13|thirteen)\b|\bthe (?:whole|entire|full) (?:list|survey)\b"
                  r"|\bin the (?:list|survey) overall\b|所有(?:的)?(?:13\s*个|十三个)?(?:库|框架)|全部(?:13\s*个|十三个)?(?:库|框架)"
                  r"|整个(?:列表|清单|榜单|调查)|(?:13|十三)\s*个(?:库|框架)?(?:里|中|当中|之中)")
OF_ALL = _p(r"\ball\b|\btotal\b|\bcombined\b|\boverall\b|\bthe 13\b|总|全部|所有|整体|一共")
#: Another name of a library: its aliases (in the description's answer).
ALIAS = _p(r"\bother names?\b|\bwhat(?:'s| is) (?:it|that) called\b|叫什么|什么名字|名字叫|\balias(?:es)?\b|\balso (?:called|known as)\b|\baka\b|\bfull name\b|\bstand for\b|\bshort for\b|别名|又叫|又称|也叫|全称|全名|缩写")
#: "which one has more commits" over a set: the most (or the fewest) of it.
#: "the library that builds on it", "基于 TensorFlow 的那个库": one library named through what it is built on
RELATED_ONE = _p(
    r"\bthe (?:\w+ )?(?:library|lib|framework|one|package|project|toolkit|wrapper|api)\b(?! (?:that|which) are\b)"
    r"|的那个(?:库|框架|工具|包)?|的那一个|那个(?:库|框架)"
)
#: "just below PyTorch", "紧随 PyTorch 之后": the next place in a ranking (group ``down``: a lower place)
NEIGHBOUR_BEFORE = _p(
    r"(?:\b(?:just|right|immediately|directly|one (?:place|spot|position|rank)|next)\s+(?:(?P<down>below|beneath|under|"
    r"after|behind)|(?P<up>above|ahead of|before|over))|\bsecond only to(?P<down2>)|\bnext (?:up )?after(?P<down3>)"
    r"|仅次于(?P<down4>)|紧随(?:其后的?|着)?(?P<down5>)|紧跟(?:着|在)?(?P<down6>)|紧挨着?(?:在)?(?P<down7>))\s*$"
)
NEIGHBOUR_AFTER = _p(
    r"^\s*(?:'s\s*)?(?:(?P<down>(?:的|之|排名|排在)?(?:后面|之后|后边|下面|下边)(?:一名|一位|那个|的)|的?(?:下一名|后一名|下一位|后一位))"
    r"|(?P<up>(?:的|之|排名|排在)?(?:前面|之前|前边|上面|上边)(?:一名|一位|那个|的)|的?(?:上一名|前一名|上一位|前一位)"
    r"|高一(?:名|位|个)|靠前一(?:名|位))"
    r"|(?P<down2>低一(?:名|位|个)|靠后一(?:名|位)))"
)
#: "the library Lasagne is built on", "TFLearn 所基于的库", "nolearn 底层的那个库": the base of the one in ``x``
BASE_OF = _p(
    r"\bthe (?:\w+ )?(?:library|lib|framework|one|project|package|thing)\s+(?:that\s+|which\s+)?(?P<x>[\w.\- ]{1,30}?)"
    r"(?:'s|\s+is|\s+was)?\s+(?:built|based)\s+(?:on|upon)\b(?!\s+(?:top of\s+)?(?:it|that)\b)"
    r"|\bthe (?:\w+ )?(?:library|lib|framework|one|project|package|thing)\s+(?:that\s+|which\s+)?(?P<x2>[\w.\- ]{1,30}?)\s+"
    r"(?:wraps|extends|builds on|sits on(?: top of)?|depends on)\b(?!\s+(?:it|that)\b)"
    r"|(?P<x3>[\w.\-]+(?: [\w.\-]+)?)'s (?:base|underlying|parent|backend) (?:library|lib|framework)"
    r"|(?P<x4>[\w.\- ]{1,30}?)\s*(?:主要|直接)?(?:所|是)?(?:基于|构建于|构建在|建立在|依赖|依托|封装|包装)的(?:那个|那一个)?(?:库|框架|项目)"
    r"|(?P<x5>[\w.\- ]{1,30}?)\s*(?:的)?底层(?:的)?(?:那个|那一个)?(?:库|框架)?"
)
#: "Is Caffe in the list?", "Does the survey include Chainer?", "调查里有 Chainer 吗": membership of the survey
MEMBERSHIP = _p(
    r"^(?:is|are)\b.{1,40}\b(?:in|on|part of|among|one of|included in|covered (?:in|by)|listed in)\s+(?:the|this|your)?\s*"
    r"(?:list|survey|article|ranking|roundup|13|thirteen|top 13)\b"
    r"|^(?:does|do|did) (?:the|this|your) (?:survey|list|article|ranking|roundup) (?:include|cover|mention|list|contain|have)\b"
    r"|(?:调查|榜单|清单|列表|名单|文章|排名)(?:里|中|上|里面)?(?:有没有|有|包括|包含|收录|提到|列)(?:了)?.{1,30}(?:吗|么|没有)\s*[?？]?$"
    r"|(?:在|被|进了?|入选了?)(?:调查|榜单|清单|列表|名单|文章|排名|这\s*13\s*个库)(?:里|中|上|里面|之中)?(?:吗|么)\s*[?？]?$"
    r"|(?:收录|包括|包含)了?.{1,30}(?:吗|么)\s*[?？]?$"
)
#: "which libraries are in both lists?": the last two answers' entries, intersected
BOTH_LISTS = _p(
    r"\b(?:in|on|appear in|appears in|make|made) both (?:lists|rankings|answers|sets|of them|tops?)\b|\bcommon to both\b"
    r"|\b(?:appear|appears|are|is|show up|shows up|feature|features|overlap|make it) (?:in |on )?both\s*[?.!]?$|\bin common\b"
    r"|\bthe overlap\b|\boverlap(?:ping)? (?:between|of) (?:the )?(?:two|both)\b|重合|重叠|交集|共同(?:的|出现)"
    r"|\b(?:in|on) (?:each|either) (?:list|ranking)\b.{0,10}\bboth\b|\bboth lists\b"
    r"|两个(?:列表|榜单|名单|排名|答案|结果)?(?:里|中)?都(?:有|在|出现)|同时(?:出现)?在(?:这)?两|都上榜|兩個(?:列表|榜單|名單|排名)?(?:裡|中)?都"
)
#: Words BASE_OF needs: a cheap check before its slower search.
BASE_WORDS = _p(r"built|based|wrap|extend|build|sits|depend|base|underlying|parent|backend|基于|构建|建立|依赖|依托|封装|包装|底层")
#: "A and B combined", "A 和 B 加起来": two operands joined
JOINED = _p(r"\band\b|\bplus\b|\bwith\b|和|与|跟|加上|同")
MORE_OF_SET = _p(r"\b(?:more|higher|greater|bigger|larger)\b|更多|较多|多一些|多啲|多些|(?<!最)多的|(?<!最)多\s*[?？]?$"
                 r"|更高|较高|高一些|更大|较大|(?<!最)高的|(?<![最提])高\s*[?？]?$")
FEWER_OF_SET = _p(r"\b(?:fewer|less|lower|smaller)\b|更少|较少|少一些|(?<!最)少的|(?<![最多])少\s*[?？]?$"
                  r"|更低|较低|低一些|更小|较小|(?<!最)低的|(?<![最高])低\s*[?？]?$")
#: A range of the source's own positions: "列表第 9 到第 13 名", "ranks 9-13", "entries #3 to #7".
_NUM = r"(?:\d{1,3}|[一二两三四五六七八九十]{1,3})"
#: The source's first N places: "清单前7名", "the first 5 in the list".
POSITION_FIRST = _p(
    r"(?:清单|列表|榜单|名单|文章|文中|原文)(?:的|里|中|上)?\s*前\s*(?P<zh>\d{1,2}|[一二两三四五六七八九十]{1,3})\s*(?:名|位|个)?"
    r"|\bthe first (?P<en>\d{1,2}|three|four|five|six|seven|eight|nine|ten) (?:entries |libraries )?(?:in|of|on) the (?:list|article|survey)\b"
)
POSITION_RANGE = _p(
    rf"第\s*(?P<a>{_NUM})\s*(?:名|位|个|号)?\s*(?:到|至|-|–|—|~)\s*第?\s*(?P<b>{_NUM})\s*(?:名|位|个|号|(?=的))"
    r"|\b(?:ranks?|ranked|positions?|places?|entries|nos?\.|numbers?)\s*#?(?P<c>\d{1,3})\s*(?:-|–|—|to|through|thru)\s*#?(?P<d>\d{1,3})\b"
    r"|#(?P<e>\d{1,3})\s*(?:-|–|—|to|through|thru)\s*#?(?P<f>\d{1,3})\b"
    r"|\b(?P<g>\d{1,3})(?:st|nd|rd|th)\s*(?:-|–|to|through|thru)\s*(?P<h>\d{1,3})(?:st|nd|rd|th)\b"
)
#: One place of the source's own list asked with a measure: "the 7th library in the survey", "列表里第 7 个库".
POSITION_ONE = _p(
    r"\bthe (?P<en>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth"
    r"|\d{1,2}(?:st|nd|rd|th)) (?:library|lib|framework|entry|one|item|project) (?:in|on|of) the (?:survey|list|article|ranking)\b"
    rf"|(?:清单|列表|榜单|名单|文章|原文|调查)(?:里|中|上)?(?:的)?第\s*(?P<zh>{_NUM})\s*(?:个|名|位)"
)
#: "the 3rd and 5th most-starred", "第二名和第四名": two places of one ranking
TWO_PLACES = _p(
    r"\b(?P<a>\d{1,3}|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)(?:st|nd|rd|th)?"
    r"(?:[- ](?:place|ranked|most|least|largest|biggest|highest|lowest))?\s*(?:and|&|vs\.?|versus)\s+(?:the\s+)?"
    r"(?P<b>\d{1,3}|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)(?:st|nd|rd|th)?\b"
    rf"|第\s*(?P<c>{_NUM})\s*(?:名|位|多|个)?\s*(?:和|与|跟|同|及|、)\s*第\s*(?P<d>{_NUM})"
)
#: "the first … the second", "前者…后者": two libraries in the order the conversation named them.
FIRST_SECOND = _p(r"\bthe first\b.*\bthe second\b|\bformer\b.*\blatter\b|前者.*后者|第一个.*第二个")
#: "built on another library in the list": the base is itself one of the surveyed entries.
ANOTHER_SURVEYED = _p(
    r"\banother (?:listed |surveyed |included |ranked )?(?:library|lib|framework|one|entry|package)\b|\bother (?:libraries|libs|entries) (?:in|on|from) the (?:list|survey)\b"
    r"|\b(?:something|anything|one) else (?:in|on|from) the (?:list|survey)\b"
    r"|(?:列表|名单|清单|榜单|这份名单|这份清单|这份列表)(?:中|里|上)?(?:的)?(?:另一|另外一|其他)个?(?:库|框架|项目)"
    r"|另一个(?:库|框架)(?:之上|上面)"
)
#: The link an entry gives (its GitHub repository), not its GitHub figures.
LINK = _p(
    r"\b(?:urls?|links?|hyperlinks?|linked|repo|repos|repository|repositories|homepage|web ?site|web ?page|address)\b"
    r"|\bgithub (?:page|project)\b|\bwhere (?:is|are|can i find) (?:the )?(?:code|source)\b"
    r"|链接|连结|连接|网址|地址|仓库|主页|官网|网站|网页"
)
LIST_WORD = _p(r"\bwhich\b|\bwhat (?:libraries|libs|frameworks|ones)\b|\blist\b|\bshow\b|\bname\b|\bany\b|\bare there\b|哪些|哪几个|列出|有哪|有没有|有什么")
CONTEXT_RELATION = _p(
    r"\b(?:in|on|for|around|over|atop|with|using|on top of|built on|based on|wrapper(?:s)? (?:around|for|of))\s*$"
    r"|(?:在|基于|对|给|为|用|封装|包装)\s*$"
)
#: Words that sit beside library names in comparisons without being names ("stars or commits?").
METRIC_LIKE_WORDS = frozenset({"more", "fewer", "less", "most", "which", "one", "ones", "both", "either", "github",
                               "total", "count", "number", "figure", "figures", "data", "lib", "libs", "library"})

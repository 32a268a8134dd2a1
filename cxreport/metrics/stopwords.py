"""Stop words for comment themes: common English and Indonesian words that carry no theme.

Written for this project (not copied from a package): function words, pronouns, auxiliaries,
common adverbs, and the chat spellings Indonesian customers use in surveys (yg, gak, udah).
Words that carry sentiment or a topic (good, slow, bagus, lambat, harga) are kept on purpose:
they are the themes. Apostrophes are removed before tokenising, so contractions appear here
without them (dont, theyre, hell = he'll).

Negations are stop words as single terms ("not" alone says nothing), but `NEGATIONS` lets
the theme finder keep them in bigrams: "not helpful" and "tidak ramah" are themes, and
dropping the negation would turn them into their opposite.
"""

from __future__ import annotations

ENGLISH: frozenset[str] = frozenset(
    """
    a about above across after afterwards again against all almost alone along already also
    although always am among amongst an and another any anybody anyhow anyone anything anyway
    anywhere are aren around as at back be became because become becomes becoming been before
    beforehand behind being below beside besides between beyond both but by can cannot cant
    could couldn couldnt did didn didnt do does doesn doesnt doing don done dont down during
    each eg either else elsewhere enough etc even ever every everybody everyone everything
    everywhere except few for former formerly from further get gets getting give given go goes
    going gone got gotten had hadn hadnt has hasn hasnt have haven havent having he hed hell
    hence her here hereafter hereby herein hers herself hes him himself his how however i id ie
    if ill im in indeed into is isn isnt it its itself ive just kind least less let lets like
    ll lot lots made make makes many may maybe me meanwhile might mine more moreover most
    mostly much must my myself namely neither never nevertheless next no nobody none noone nor
    not nothing now nowhere of off often ok okay on once one only onto or other others
    otherwise ought our ours ourselves out over own per perhaps please quite rather re really
    s said same say says see seem seemed seeming seems seen several shall shan she shed shell
    shes should shouldn shouldnt since so some somebody somehow someone something sometime
    sometimes somewhat somewhere still such sure t than that thats the their theirs them
    themselves then thence there thereafter thereby therefore therein theres thereupon these
    they theyd theyll theyre theyve thing things this those though through throughout thru
    thus to together too toward towards u under until up upon ur us use used using usually
    ve very via was wasn wasnt we wed well were weren werent weve what whatever whats when
    whence whenever where whereafter whereas whereby wherein whereupon wherever whether which
    while whither who whoever whole whom whos whose why will with within without won wont
    would wouldn wouldnt yes yet you youd youll your youre yours yourself yourselves youve
    also am pm th st nd rd via within thank thanks thx pls plz lol hi hello dear sir madam
    """.split()
)

INDONESIAN: frozenset[str] = frozenset(
    """
    ada adalah adanya adapun agak agaknya agar akan akankah akhirnya aku akulah amat amatlah
    anda andalah antar antara antaranya apa apaan apabila apakah apalagi apatah atau ataukah
    ataupun bagai bagaikan bagaimana bagaimanakah bagaimanapun bagi bagian bahkan bahwa
    bahwasanya bakal bakalan banyak bapak barangkali bawah beberapa begini
    beginian beginikah beginilah begitu begitukah begitulah begitupun belakang belum belumlah
    berapa berapakah berapalah berapapun berbagai berikut berikutnya berkali bersama
    betul betulkah biasanya bila bilakah bisa bisakah boleh bolehkah bolehlah buat
    bukan bukankah bukanlah bukannya cara caranya cuma cukup dahulu dalam dan dapat dari
    daripada dekat demi demikian demikianlah dengan depan di dia diakah dialah diantara
    diri dirinya disini disitu dong dulu enggak entah gak ga gk gitu hal hampir hanya hanyalah
    harus haruslah harusnya hendak hendaklah hingga ia ialah ibarat ibu ikut ingin inikah
    inilah ini itu itukah itulah jadi jadilah jadinya jangan jangankan janganlah jika jikalau
    juga justru kala kalau kalaulah kalaupun kalian kami kamilah kamu kamulah kan kapan
    kapankah kapanpun karena karenanya kasih ke kebetulan kecuali kemudian kenapa
    kepada kepadanya ketika khususnya kini kinilah kira kita kitalah kok lagi lagian lah
    lain lainnya lalu lebih lewat maka makanya makin malah malahan mampu mana
    manakala manalagi masa masih masihkah mau maupun melainkan melakukan memang
    memberi membuat menjadi menurut mereka merekalah meski meskipun mungkin mungkinkah nah
    namun nanti nantinya nggak ngga nya oleh olehnya pada padahal padanya paling para pasti
    pastilah per perlu pernah pula pun punya saat saja sajalah saling sama sambil
    sampai sana sangat sangatlah saya sayalah se sebab sebabnya sebagai sebagaimana sebagian
    sebaiknya sebelum sebelumnya sebenarnya seberapa sebetulnya sebuah secara sedang
    sedangkan sedikit segala segera sehingga sejak sekali sekalian sekaligus sekarang
    sekitar selain selalu selama selanjutnya seluruh seluruhnya semakin semua semuanya
    sendiri sendirinya seolah seorang sepanjang seperti sepertinya sering seringnya serta
    sesuatu sesudah setelah setiap siapa siapakah siapapun sih sini situ suatu sudah sudahlah
    supaya tadi tadinya tak tanpa tapi tentang tentu tentulah tentunya terhadap terjadi
    ternyata tersebut tetapi tiap tidak tidakkah tidaklah toh udah untuk usah walau walaupun
    ya yaitu yakni yang yg dgn dg utk krn karna tdk tak gak ngk sdh udh blm jg aja aj sm
    bgt banget deh dah dll dsb tsb kak kakak min mimin gan sis bro mas mba mbak pak bu om
    terima makasih trims tks thx nih tuh loh lho kah pun wkwk hehe haha oke ok sip
    """.split()
)

STOP_WORDS: frozenset[str] = ENGLISH | INDONESIAN

NEGATIONS: frozenset[str] = frozenset(
    """
    not no never nothing nobody none neither nor without cannot cant dont doesnt didnt isnt
    arent wasnt werent wont wouldnt couldnt shouldnt hasnt havent hadnt
    tidak tak gak ga gk nggak ngga enggak ngk tdk bukan belum blm jangan
    """.split()
)

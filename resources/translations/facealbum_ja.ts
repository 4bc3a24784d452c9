<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja" sourcelanguage="en">
<context>
    <name></name>
    <message>
        <location filename="../../gui/app.py" line="+45"/>
        <source>Not a folder: {folder}</source>
        <translation>フォルダではありません: {folder}</translation>
    </message>
    <message>
        <location filename="../../gui/details.py" line="+62"/>
        <source>&lt;b&gt;{name}&lt;/b&gt;&lt;br&gt;{face_count} faces in {photo_count} photos</source>
        <translation>&lt;b&gt;{name}&lt;/b&gt;&lt;br&gt;{photo_count} 枚の写真に {face_count} 個の顔</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>taken {date}</source>
        <translation>撮影日時 {date}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{width} x {height} px</source>
        <translation>{width} × {height} ピクセル</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>could not be read: {reason}</source>
        <translation>読み込めませんでした: {reason}</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n faces</source>
        <translation>
            <numerusform>顔 %n 個</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source> and {unknown} unknown</source>
        <translation>、ほか不明 {unknown} 人</translation>
    </message>
    <message>
        <location line="+8"/>
        <location filename="../../gui/viewer.py" line="+275"/>
        <location line="+19"/>
        <source>Unknown</source>
        <translation>不明</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&lt;br&gt;age ~{age:.0f}, {gender}</source>
        <translation>&lt;br&gt;推定 {age:.0f} 歳、{gender}</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../gui/item_models.py" line="+337"/>
        <source>placed by you</source>
        <translation>あなたが指定</translation>
    </message>
    <message>
        <location line="+0"/>
        <location filename="../../gui/item_models.py" line="+0"/>
        <source>grouped automatically</source>
        <translation>自動でグループ化</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>not grouped</source>
        <translation>グループなし</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&lt;b&gt;{name}&lt;/b&gt; ({how})&lt;br&gt;{file}&lt;br&gt;face {size:.0f} px · detector {score:.2f} · quality {quality:.2f}{extra}&lt;br&gt;&lt;small&gt;{path}&lt;/small&gt;</source>
        <translation>&lt;b&gt;{name}&lt;/b&gt;（{how}）&lt;br&gt;{file}&lt;br&gt;顔 {size:.0f} ピクセル · 検出スコア {score:.2f} · 品質 {quality:.2f}{extra}&lt;br&gt;&lt;small&gt;{path}&lt;/small&gt;</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs.py" line="+40"/>
        <source>Export albums — FaceAlbum</source>
        <translation>アルバムの書き出し — FaceAlbum</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Include unnamed groups</source>
        <translation>名前のないグループも含める</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Folder to write the albums into</source>
        <translation>アルバムを書き出すフォルダ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose…</source>
        <translation>選択…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Copy the photos</source>
        <translation>写真をコピー</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hard links (no extra space, same drive)</source>
        <translation>ハードリンク（容量を使わない・同じドライブのみ）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Symbolic links</source>
        <translation>シンボリックリンク</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Export</source>
        <translation>書き出す</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Destination:</source>
        <translation>書き出し先:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How:</source>
        <translation>方法:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>One folder per person, with their photos and a manifest.csv. Nothing is ever overwritten; exporting again adds only new photos.</source>
        <translation>人物ごとに 1 つのフォルダを作り、その人の写真と manifest.csv を入れます。既存のファイルは上書きしません。もう一度書き出すと新しい写真だけが追加されます。</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>{display_name}  ({photo_count} photos)</source>
        <translation>{display_name}  （写真 {photo_count} 枚）</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Export albums to</source>
        <translation>アルバムの書き出し先</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Choose at least one person and a destination folder.</source>
        <translation>人物を 1 人以上と、書き出し先のフォルダを選んでください。</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Export failed: {message}</source>
        <translation>書き出しに失敗しました: {message}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{written} photos written, {already} already there.</source>
        <translation>{written} 枚を書き出しました。{already} 枚はすでにありました。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{album}: {n} new</source>
        <translation>{album}: 新規 {n} 枚</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{errors_count} photos could not be exported:</source>
        <translation>{errors_count} 枚の写真を書き出せませんでした:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>For example {path}.</source>
        <translation>例: {path}</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Settings — FaceAlbum</source>
        <translation>設定 — FaceAlbum</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Open another…</source>
        <translation>別のライブラリを開く…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>  (not installed)</source>
        <translation>  （未インストール）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Download…</source>
        <translation>ダウンロード…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Measuring what each setting would do…</source>
        <translation>各設定でどうなるかを測っています…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Measuring on the people you named…</source>
        <translation>名前を付けた人物で測っています…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Choose automatically for this library (from its faces and your answers)</source>
        <translation>このライブラリに合わせて自動で決める（顔とあなたの回答から）</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Exclude a folder…</source>
        <translation>フォルダを除外…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove</source>
        <translation>削除</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Library:</source>
        <translation>ライブラリ:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Model pack:</source>
        <translation>モデルパック:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>stricter</source>
        <translation>厳しく</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>looser</source>
        <translation>緩く</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grouping:</source>
        <translation>グループ化:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>In use:</source>
        <translation>使用中:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Accuracy:</source>
        <translation>精度:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Excluded folders:</source>
        <translation>除外するフォルダ:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Read names from the photos&apos; metadata when scanning (XMP face regions, Picasa)</source>
        <translation>スキャン時に写真のメタデータから名前を読み込む（XMP の顔領域、Picasa）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Keep XMP sidecars updated after each correction</source>
        <translation>修正のたびに XMP サイドカーを更新する</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Names go into photo.jpg.xmp beside each photo, for digiKam, Lightroom and other apps; the photos themselves are never changed.</source>
        <translation>名前は各写真の横の photo.jpg.xmp に書き込まれ、digiKam や Lightroom などのアプリで使えます。写真そのものは変更しません。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Names:</source>
        <translation>名前:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>FaceAlbum speaks the language chosen here from the next time it starts.</source>
        <translation>ここで選んだ言語は、次に FaceAlbum を起動したときから使われます。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Language:</source>
        <translation>言語:</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>  Not installed: Download it (needs internet), or put its files in {pack_folder}.</source>
        <translation>  未インストールです。ダウンロードする（インターネット接続が必要）か、ファイルを {pack_folder} に置いてください。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Download {name}</source>
        <translation>{name} をダウンロード</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>

Accept this licence and download the pack?</source>
        <translation>

このライセンスに同意してパックをダウンロードしますか？</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Installed in {folder}. {license}</source>
        <translation>{folder} にインストールしました。{license}</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>threshold {override:.2f}, set by hand.</source>
        <translation>しきい値 {override:.2f}（手動で設定）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>threshold {threshold:.2f}, the model pack&apos;s default (chosen anew at the next regroup).</source>
        <translation>しきい値 {threshold:.2f}（モデルパックの既定値。次の再グループ化で選び直します）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Name at least two people to see how well the model tells them apart.</source>
        <translation>2 人以上に名前を付けると、モデルがどれだけ見分けられるかを表示します。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>On the {faces} faces of the {people} people you named: ROC-AUC {auc:.4f}; a same-person similarity of {suggested_similarity:.2f} separates them best.</source>
        <translation>名前を付けた {people} 人の顔 {faces} 個での結果: ROC-AUC {auc:.4f}。同一人物の類似度 {suggested_similarity:.2f} で最もよく見分けられます。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>threshold {t:.2f}</source>
        <translation>しきい値 {t:.2f}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Exclude a folder</source>
        <translation>フォルダを除外</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Open or create a library</source>
        <translation>ライブラリを開く・作成する</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>FaceAlbum library (*.sqlite)</source>
        <translation>FaceAlbum ライブラリ (*.sqlite)</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Language</source>
        <translation>言語</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>FaceAlbum will speak {language} the next time it starts.</source>
        <translation>次回の起動から FaceAlbum は {language} で表示されます。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Model pack not installed</source>
        <translation>モデルパックがインストールされていません</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Licence</source>
        <translation>ライセンス</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>

Use this pack?</source>
        <translation>

このパックを使いますか？</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Files that could not be read — FaceAlbum</source>
        <translation>読み込めなかったファイル — FaceAlbum</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Every photo could be read.</source>
        <translation>すべての写真を読み込めました。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{bad_count} files were skipped. The rest of the scan went on; fix or remove these files and scan again.</source>
        <translation>{bad_count} 個のファイルをスキップしました。ほかのスキャンは続行しました。これらのファイルを直すか取り除いてから、もう一度スキャンしてください。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{name_notes_count} notes about names in the photos&apos; metadata (your names are never overwritten):</source>
        <translation>写真のメタデータ内の名前についてのお知らせ {name_notes_count} 件（あなたが付けた名前は上書きされません）:</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Compare faces — FaceAlbum</source>
        <translation>顔を比較 — FaceAlbum</translation>
    </message>
    <message>
        <location line="+20"/>
        <location line="+39"/>
        <source>The same person</source>
        <translation>同じ人物</translation>
    </message>
    <message>
        <location line="-39"/>
        <location line="+39"/>
        <source>Different people</source>
        <translation>別の人物</translation>
    </message>
    <message>
        <location line="-38"/>
        <source>&lt;h3&gt;{word}&lt;/h3&gt;similarity {similarity:.3f} (threshold {threshold:.2f}) · {percent:.0f}% sure</source>
        <translation>&lt;h3&gt;{word}&lt;/h3&gt;類似度 {similarity:.3f}（しきい値 {threshold:.2f}）· 確からしさ {percent:.0f}%</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>One of these faces has no embedding yet (a face you drew): rescan to compare it.</source>
        <translation>どちらかの顔にまだ特徴量がありません（手で描いた顔）。比較するには再スキャンしてください。</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Compare photos — FaceAlbum</source>
        <translation>写真を比較 — FaceAlbum</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>&lt;h3&gt;{word}&lt;/h3&gt;closest faces: similarity {similarity:.3f} (threshold {threshold:.2f}) · {percent:.0f}% sure</source>
        <translation>&lt;h3&gt;{word}&lt;/h3&gt;最も近い顔: 類似度 {similarity:.3f}（しきい値 {threshold:.2f}）· 確からしさ {percent:.0f}%</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&lt;br&gt;{faces_a_count} faces in the first photo, {faces_b_count} in the second:</source>
        <translation>&lt;br&gt;1 枚目の写真に顔 {faces_a_count} 個、2 枚目に {faces_b_count} 個:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&lt;br&gt;face {a} ↔ face {b}: {similarity:.3f}, same ({percent:.0f}% sure)</source>
        <translation>&lt;br&gt;顔 {a} ↔ 顔 {b}: {similarity:.3f}、同じ人物（確からしさ {percent:.0f}%）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&lt;br&gt;face {a} ↔ face {b}: {similarity:.3f}, different ({percent:.0f}% sure)</source>
        <translation>&lt;br&gt;顔 {a} ↔ 顔 {b}: {similarity:.3f}、別の人物（確からしさ {percent:.0f}%）</translation>
    </message>
    <message>
        <location filename="../../gui/histogram.py" line="+27"/>
        <source>{genuine_label} (green) and {impostor_label} (red); the line is the cut at similarity {cut:.2f}</source>
        <translation>{genuine_label}（緑）と {impostor_label}（赤）。線は類似度 {cut:.2f} の境目です</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>No pairs measured yet.</source>
        <translation>まだ測定したペアがありません。</translation>
    </message>
    <message>
        <location line="-10"/>
        <source>{label} ({pairs:,} pairs)</source>
        <translation>{label}（{pairs:,} ペア）</translation>
    </message>
    <message>
        <location filename="../../gui/i18n.py" line="+39"/>
        <source>woman</source>
        <translation>女性</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>man</source>
        <translation>男性</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The system&apos;s language</source>
        <translation>システムの言語</translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/item_models.py" line="-132"/>
        <source>%n photos</source>
        <translation>
            <numerusform>写真 %n 枚</numerusform>
        </translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{display_name}: {face_count} faces in {photo_count} photos
Double-click or F2 to rename; drag onto another person to merge.</source>
        <translation>{display_name}: {photo_count} 枚の写真に {face_count} 個の顔
ダブルクリックか F2 で名前を変更、別の人物へドラッグすると統合します。</translation>
    </message>
    <message>
        <location line="+125"/>
        <source>Face {id} · quality {quality:.2f}</source>
        <translation>顔 {id} · 品質 {quality:.2f}</translation>
    </message>
    <message>
        <location line="+96"/>
        <source>
taken {date}</source>
        <translation>
撮影日時 {date}</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>
no date in the photo</source>
        <translation>
撮影日時の記録なし</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="+39"/>
        <source>Photos ({patterns})</source>
        <translation>写真 ({patterns})</translation>
    </message>
    <message>
        <location line="+89"/>
        <location line="+91"/>
        <location filename="../../gui/pages.py" line="+89"/>
        <source>People</source>
        <translation>人物</translation>
    </message>
    <message>
        <location line="-91"/>
        <location line="+91"/>
        <source>Unknown faces</source>
        <translation>未分類の顔</translation>
    </message>
    <message>
        <location line="-90"/>
        <location line="+91"/>
        <location filename="../../gui/pages.py" line="+0"/>
        <source>Hidden people</source>
        <translation>非表示の人物</translation>
    </message>
    <message>
        <location line="-91"/>
        <source>Folders</source>
        <translation>フォルダ</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>People — drop faces here to move them</source>
        <translation>人物 — 顔をここにドロップして移動</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Details</source>
        <translation>詳細</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Add folder…</source>
        <translation>フォルダを追加…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Add a folder of photos and scan it</source>
        <translation>写真のフォルダを追加してスキャンします</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rescan</source>
        <translation>再スキャン</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Look for new, changed and moved photos</source>
        <translation>新しい写真、変更・移動された写真を探します</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export albums…</source>
        <translation>アルバムを書き出す…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Write one folder per person</source>
        <translation>人物ごとにフォルダを書き出します</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Who is in a photo…</source>
        <translation>写真に写っている人…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open any photo and label the people you have named</source>
        <translation>任意の写真を開き、名前を付けた人物を見つけて表示します</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Compare two photos…</source>
        <translation>2 枚の写真を比較…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Are the people in two photos the same person?</source>
        <translation>2 枚の写真の人物は同じ人ですか？</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Settings…</source>
        <translation>設定…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quit</source>
        <translation>終了</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+296"/>
        <source>Undo</source>
        <translation>元に戻す</translation>
    </message>
    <message>
        <location line="-295"/>
        <location line="+297"/>
        <source>Redo</source>
        <translation>やり直す</translation>
    </message>
    <message>
        <location line="-296"/>
        <source>Files that could not be read…</source>
        <translation>読み込めなかったファイル…</translation>
    </message>
    <message>
        <location filename="../../gui/sidecar_ui.py" line="+38"/>
        <source>Write names to sidecars…</source>
        <translation>名前をサイドカーに書き込む…</translation>
    </message>
    <message>
        <location filename="../../gui/main_window.py" line="+2"/>
        <source>Write the names of people into XMP sidecars beside their photos (the photos are not changed)</source>
        <translation>人物の名前を写真の横の XMP サイドカーに書き込みます（写真は変更しません）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;File</source>
        <translation>ファイル(&amp;F)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Edit</source>
        <translation>編集(&amp;E)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;View</source>
        <translation>表示(&amp;V)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Help</source>
        <translation>ヘルプ(&amp;H)</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+438"/>
        <source>About FaceAlbum</source>
        <translation>FaceAlbum について</translation>
    </message>
    <message>
        <location line="-437"/>
        <source>Main</source>
        <translation>メイン</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Ready</source>
        <translation>準備完了</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Pause the scan</source>
        <translation>スキャンを一時停止</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Stop the scan (it resumes where it stopped next time)</source>
        <translation>スキャンを停止（次回は止めたところから再開します）</translation>
    </message>
    <message>
        <location line="+85"/>
        <source>Add a folder of photos</source>
        <translation>写真のフォルダを追加</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>A scan is running; the new folder is scanned next.</source>
        <translation>スキャン中です。新しいフォルダはこの後にスキャンします。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Looking for photos…</source>
        <translation>写真を探しています…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>  (paused)</source>
        <translation>  （一時停止中）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Scanning {done} of {total} photos · {rate:.1f}/s · ETA {eta} · {faces} faces{paused}</source>
        <translation>スキャン中 {done} / {total} 枚 · {rate:.1f} 枚/秒 · 残り {eta} · 顔 {faces} 個{paused}</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Scan paused.</source>
        <translation>スキャンを一時停止しました。</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Scan resumed.</source>
        <translation>スキャンを再開しました。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Stopping the scan…</source>
        <translation>スキャンを停止しています…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Regrouped: {people} people.</source>
        <translation>再グループ化しました: {people} 人。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Regrouping…</source>
        <translation>再グループ化しています…</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>People ({count})</source>
        <translation>人物（{count}）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Hidden people ({count})</source>
        <translation>非表示の人物（{count}）</translation>
    </message>
    <message>
        <location line="+115"/>
        <source>Compare photos: the first photo</source>
        <translation>写真を比較: 1 枚目の写真</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Compare photos: the second photo</source>
        <translation>写真を比較: 2 枚目の写真</translation>
    </message>
    <message>
        <location line="+68"/>
        <source>FaceAlbum {version}
Faces found and grouped on this computer.
Library: {path}
Model pack: {pack_name}</source>
        <translation>FaceAlbum {version}
顔の検出とグループ化はこのコンピューター上で行われます。
ライブラリ: {path}
モデルパック: {pack_name}</translation>
    </message>
    <message>
        <location line="-190"/>
        <source>Unknown faces ({faces})</source>
        <translation>未分類の顔（{faces}）</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Undo {undo}</source>
        <translation>元に戻す: {undo}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Redo {redo}</source>
        <translation>やり直す: {redo}</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>&lt;b&gt;{ids_count} people selected&lt;/b&gt;&lt;br&gt;Ctrl+M merges them; Ctrl+T shows the photos they are in together.</source>
        <translation>&lt;b&gt;{ids_count} 人を選択中&lt;/b&gt;&lt;br&gt;Ctrl+M で統合、Ctrl+T で一緒に写っている写真を表示します。</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>&lt;b&gt;%n people&lt;/b&gt;&lt;br&gt;Select one to see its faces and photos; F2 renames, dragging one onto another merges them.</source>
        <translation>
            <numerusform>&lt;b&gt;%n 人&lt;/b&gt;&lt;br&gt;選ぶとその人の顔と写真を表示します。F2 で名前を変更、別の人物へドラッグすると統合します。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&lt;b&gt;{ids_count} faces selected&lt;/b&gt;&lt;br&gt;Ctrl+N: move to a new person&lt;br&gt;Delete: not this person&lt;br&gt;or drag them onto a person in the sidebar.</source>
        <translation>&lt;b&gt;顔 {ids_count} 個を選択中&lt;/b&gt;&lt;br&gt;Ctrl+N: 新しい人物に移動&lt;br&gt;Delete: この人ではない&lt;br&gt;またはサイドバーの人物へドラッグします。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&lt;b&gt;{count} faces in no group&lt;/b&gt;&lt;br&gt;Select faces and type a name, or drag them onto a person in the sidebar.</source>
        <translation>&lt;b&gt;グループのない顔 {count} 個&lt;/b&gt;&lt;br&gt;顔を選んで名前を入力するか、サイドバーの人物へドラッグします。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&lt;b&gt;{text}&lt;/b&gt;&lt;br&gt;{shown} photos</source>
        <translation>&lt;b&gt;{text}&lt;/b&gt;&lt;br&gt;写真 {shown} 枚</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>, {ids_count} selected</source>
        <translation>、{ids_count} 枚を選択中</translation>
    </message>
    <message numerus="yes">
        <location line="+16"/>
        <source>%n files could not be read</source>
        <translation>
            <numerusform>%n 個のファイルを読み込めませんでした</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n notes about names</source>
        <translation>
            <numerusform>名前についてのお知らせ %n 件</numerusform>
        </translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Who is in this photo?</source>
        <translation>この写真に写っているのは誰？</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Looking for the people you named…</source>
        <translation>名前を付けた人物を探しています…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>nobody you named</source>
        <translation>名前を付けた人物はいません</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>; {unknown_count} unknown</source>
        <translation>、不明 {unknown_count} 人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In this photo: {names}{unknown}.</source>
        <translation>この写真に写っている人: {names}{unknown}</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Comparing the two photos…</source>
        <translation>2 枚の写真を比較しています…</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>the same person</source>
        <translation>同じ人物</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>different people</source>
        <translation>別の人物</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{photo_a} and {photo_b}: {word}.</source>
        <translation>{photo_a} と {photo_b}: {word}</translation>
    </message>
    <message>
        <location filename="../../gui/ops.py" line="+77"/>
        <location line="+17"/>
        <source>Merge people</source>
        <translation>人物を統合</translation>
    </message>
    <message>
        <location line="-17"/>
        <source>{name} already exists. Merge {names} into {name}? All their faces become {name}. You can undo this.</source>
        <translation>{name} はすでにいます。{names} を {name} に統合しますか？ すべての顔が {name} になります。元に戻せます。</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Merge {names} into {target_name}? All their faces become {target_name}. You can undo this.</source>
        <translation>{names} を {target_name} に統合しますか？ すべての顔が {target_name} になります。元に戻せます。</translation>
    </message>
    <message>
        <location filename="../../gui/pages.py" line="-40"/>
        <source>Welcome to FaceAlbum</source>
        <translation>FaceAlbum へようこそ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add a folder of photos. FaceAlbum finds the faces in them and groups them into people,
here on this computer: nothing is uploaded, and your photos are never changed.</source>
        <translation>写真のフォルダを追加してください。FaceAlbum が写真の中の顔を見つけて人物ごとにまとめます。
すべてこのコンピューター上で行い、何もアップロードせず、写真も変更しません。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>  Add a folder of photos…</source>
        <translation>  写真のフォルダを追加…</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Most photos first</source>
        <translation>写真の多い順</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>By name</source>
        <translation>名前順</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Sort:</source>
        <translation>並べ替え:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Double-click a face to see all of a person&apos;s faces, a name (or F2) to rename · drag a person onto another to merge</source>
        <translation>顔をダブルクリックでその人のすべての顔を表示、名前をダブルクリック（または F2）で名前を変更 · 人物を別の人物へドラッグして統合</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Open	Enter</source>
        <translation>開く	Enter</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rename…</source>
        <translation>名前を変更…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Merge selected people</source>
        <translation>選んだ人物を統合</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Photos with all selected people together</source>
        <translation>選んだ全員が一緒に写っている写真</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show person</source>
        <translation>人物を表示</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Hide person</source>
        <translation>人物を非表示</translation>
    </message>
    <message numerus="yes">
        <location line="+7"/>
        <source>  %n people</source>
        <translation>
            <numerusform>  %n 人</numerusform>
        </translation>
    </message>
    <message>
        <location line="+26"/>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Photos of {names}</source>
        <translation>{names} の写真</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Photos of {names} together</source>
        <translation>{names} が一緒に写っている写真</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Back to People (Alt+Left)</source>
        <translation>人物一覧に戻る（Alt+←）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Type a name and press Enter</source>
        <translation>名前を入力して Enter</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+357"/>
        <source>Photos</source>
        <translation>写真</translation>
    </message>
    <message>
        <location line="-355"/>
        <location line="+50"/>
        <source>Hide</source>
        <translation>非表示</translation>
    </message>
    <message>
        <location line="-39"/>
        <source>Select faces (Ctrl/Shift-click) · drag them onto a person in the sidebar to move them · right-click for more</source>
        <translation>顔を選択（Ctrl/Shift+クリック）· サイドバーの人物へドラッグして移動 · 右クリックでその他の操作</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Move to new person</source>
        <translation>新しい人物に移動</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move to person…</source>
        <translation>人物に移動…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not this person</source>
        <translation>この人ではない</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Use as cover</source>
        <translation>代表の顔にする</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+280"/>
        <source>Compare two faces</source>
        <translation>2 つの顔を比較</translation>
    </message>
    <message>
        <location line="-279"/>
        <source>Open photo</source>
        <translation>写真を開く</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>  {face_count} faces in {photo_count} photos</source>
        <translation>  {photo_count} 枚の写真に {face_count} 個の顔</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>  ·  hidden</source>
        <translation>  ·  非表示</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show</source>
        <translation>表示</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Move faces</source>
        <translation>顔を移動</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Move to the person called:</source>
        <translation>移動先の人物の名前:</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Photos of {display_name}</source>
        <translation>{display_name} の写真</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Looking for questions to ask…</source>
        <translation>確認することを探しています…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Yes</source>
        <translation>はい</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No</source>
        <translation>いいえ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Skip</source>
        <translation>スキップ</translation>
    </message>
    <message numerus="yes">
        <location line="+67"/>
        <source>%n questions · Y / N / S</source>
        <translation>
            <numerusform>確認 %n 件 · Y / N / S</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Unnamed #{other_id}</source>
        <translation>名前なし #{other_id}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Is this group {other_name}?</source>
        <translation>このグループは {other_name} ですか？</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Are these two groups the same person?</source>
        <translation>この 2 つのグループは同じ人物ですか？</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+3"/>
        <source>Unnamed #{person_id}</source>
        <translation>名前なし #{person_id}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Is this {name}?</source>
        <translation>これは {name} ですか？</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>this face</source>
        <translation>この顔</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>Name the selected group and press Enter</source>
        <translation>選んだグループに名前を付けて Enter</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Name the selected faces and press Enter</source>
        <translation>選んだ顔に名前を付けて Enter</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Unknown people</source>
        <translation>名前のない人物</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Groups of faces that look like one person, largest first.</source>
        <translation>同じ人物らしい顔のグループ（大きい順）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No unnamed groups: every group of faces has a name.</source>
        <translation>名前のないグループはありません。すべてのグループに名前があります。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Faces in no group (one of a kind, or too small or unclear to group on their own):</source>
        <translation>グループのない顔（1 枚だけの顔、または小さすぎたり不鮮明だったりしてグループにできない顔）:</translation>
    </message>
    <message>
        <location line="+68"/>
        <source>Everyone</source>
        <translation>全員</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Children (0-12)</source>
        <translation>子ども（0〜12 歳）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Teens (13-19)</source>
        <translation>10 代（13〜19 歳）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Adults (20-64)</source>
        <translation>大人（20〜64 歳）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Seniors (65+)</source>
        <translation>シニア（65 歳以上）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Women</source>
        <translation>女性</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Men</source>
        <translation>男性</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>{filter} in {folder}</source>
        <translation>{folder} の {filter}</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>all photos</source>
        <translation>すべての写真</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>  {count} photos</source>
        <translation>  写真 {count} 枚</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>All dates ({all_photos_count})</source>
        <translation>すべての日付（{all_photos_count}）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{year} ({count})</source>
        <translation>{year}（{count}）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>No date</source>
        <translation>日付なし</translation>
    </message>
    <message>
        <location filename="../../gui/sidecar_ui.py" line="+7"/>
        <source>Stopping the sidecar writing…</source>
        <translation>サイドカーの書き込みを止めています…</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+4"/>
        <source>Write names to sidecars</source>
        <translation>名前をサイドカーに書き込む</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Nobody is named yet: name people first, then write their names.</source>
        <translation>まだ誰にも名前がありません。先に人物に名前を付けてから書き込んでください。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Write the names of {people} people into XMP sidecar files beside {photos} photos?

The photos themselves are not changed. digiKam, Lightroom and other apps read the sidecars; tags already in them are kept.</source>
        <translation>{people} 人の名前を、{photos} 枚の写真の横の XMP サイドカーファイルに書き込みますか？

写真そのものは変更しません。digiKam や Lightroom などのアプリがサイドカーを読み込みます。サイドカーにすでにあるタグは残ります。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Writing names to sidecars: {done} of {total} photos…</source>
        <translation>名前をサイドカーに書き込んでいます: {done} / {total} 枚…</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Stop writing sidecars</source>
        <translation>サイドカーの書き込みを止める</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Sidecars not written: {message}</source>
        <translation>サイドカーを書き込めませんでした: {message}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>XMP sidecars: {summary}</source>
        <translation>XMP サイドカー: {summary}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> First problem: {path}: {reason}</source>
        <translation> 最初の問題: {path}: {reason}</translation>
    </message>
    <message>
        <location filename="../../gui/tasks.py" line="+90"/>
        <source>Something went wrong: {exc}</source>
        <translation>問題が発生しました: {exc}</translation>
    </message>
    <message>
        <location filename="../../gui/viewer.py" line="-144"/>
        <source>Click a face, type a name, press Enter</source>
        <translation>顔をクリックし、名前を入力して Enter</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Back</source>
        <translation>戻る</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Previous photo</source>
        <translation>前の写真</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Next photo</source>
        <translation>次の写真</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Fit to window</source>
        <translation>ウィンドウに合わせる</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fit</source>
        <translation>全体</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Zoom in</source>
        <translation>拡大</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Zoom out</source>
        <translation>縮小</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Draw a face</source>
        <translation>顔を描く</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Draw a box around a face the detector missed</source>
        <translation>検出されなかった顔を四角で囲みます</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Name:</source>
        <translation>名前:</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>{path}   (not in the library)</source>
        <translation>{path}   （ライブラリにはありません）</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>{path}   ({index} of {count})</source>
        <translation>{path}   （{index} / {count}）</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>This photo cannot be shown.</source>
        <translation>この写真は表示できません。</translation>
    </message>
    <message>
        <location filename="../../gui/workers.py" line="+136"/>
        <source>The background process stopped before it finished</source>
        <translation>バックグラウンド処理が終わる前に止まりました</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> (exit code {code}).</source>
        <translation>（終了コード {code}）。</translation>
    </message>
</context>
</TS>

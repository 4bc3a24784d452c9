<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name></name>
    <message numerus="yes">
        <location filename="../../gui/details.py" line="+79"/>
        <source>%n faces</source>
        <translation>
            <numerusform>%n face</numerusform>
            <numerusform>%n faces</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/item_models.py" line="+205"/>
        <source>%n photos</source>
        <translation>
            <numerusform>%n photo</numerusform>
            <numerusform>%n photos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/main_window.py" line="+524"/>
        <source>&lt;b&gt;%n people&lt;/b&gt;&lt;br&gt;Select one to see its faces and photos; F2 renames, dragging one onto another merges them.</source>
        <translation>
            <numerusform>&lt;b&gt;%n person&lt;/b&gt;&lt;br&gt;Select one to see its faces and photos; F2 renames, dragging one onto another merges them.</numerusform>
            <numerusform>&lt;b&gt;%n people&lt;/b&gt;&lt;br&gt;Select one to see its faces and photos; F2 renames, dragging one onto another merges them.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+37"/>
        <source>%n files could not be read</source>
        <translation>
            <numerusform>%n file could not be read</numerusform>
            <numerusform>%n files could not be read</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n notes about names</source>
        <translation>
            <numerusform>%n note about names</numerusform>
            <numerusform>%n notes about names</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../gui/pages.py" line="+117"/>
        <source>  %n people</source>
        <translation>
            <numerusform>  %n person</numerusform>
            <numerusform>  %n people</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+280"/>
        <source>%n questions · Y / N / S</source>
        <translation>
            <numerusform>%n question · Y / N / S</numerusform>
            <numerusform>%n questions · Y / N / S</numerusform>
        </translation>
    </message>
</context>
</TS>
